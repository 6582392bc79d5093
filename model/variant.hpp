// Protocol variants of the modelled hugetlb mm: one switch per protocol
// change, each named after the commit it stands for and the race it closes.
// A variant is a named set of switches; scenarios run the same threads on
// every variant. Adding a later kernel (v5.7.0 with its stray unlocked
// huge_pte_alloc, v5.10, v6.1 vma_lock) is a new switch plus a new name here.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mmcheck::model {

struct Variant {
  std::string name;

  // c0d0381ade79 "hugetlbfs: use i_mmap_rwsem for more pmd sharing
  // synchronization" (v5.7-rc1). hugetlb_fault takes i_mmap_rwsem for read
  // before huge_pte_alloc and holds it until it is done with ptep, and
  // huge_pmd_share no longer takes it itself. Closes: huge_pmd_unshare (run
  // under i_mmap_rwsem write by truncation/unmap) clearing the faulting mm's
  // PUD while the fault still writes through a ptep into the shared PMD page.
  bool fault_holds_i_mmap_rwsem = false;

  // c0d0381ade79, rmap part: memory-failure (and migration) unmap a hugetlb
  // page with i_mmap_rwsem held for write (hugetlb_page_mapping_lock_write +
  // TTU_RMAP_LOCKED) instead of rmap_walk_file's read lock. Closes:
  // huge_pmd_unshare from try_to_unmap_one racing with a fault's ptep (the
  // fault holds the rwsem for read, so a read-locked unshare is no barrier).
  bool hugetlb_unmap_under_i_mmap_write = false;

  // 87bf91d39bb5 "hugetlbfs: Use i_mmap_rwsem to address page fault/truncate
  // race" (v5.7-rc1). hugetlb_vmtruncate writes i_size under i_mmap_rwsem
  // write; hugetlb_no_page checks i_size once, before find_lock_page (the
  // late re-check under the page table lock is gone); remove_inode_hugepages
  // takes the fault mutex only for hole punch, and drops it to take
  // i_mmap_rwsem in the order i_mmap_rwsem -> fault mutex. Closes: a fault
  // adding a page to the page cache beyond the new i_size after truncation
  // looked, and the reservation being returned twice.
  bool i_size_under_i_mmap_rwsem = false;

  // The unlocked `else ptep = huge_pte_alloc()` that v5.7 still had at the
  // top of hugetlb_fault (walks i_mmap with no lock); removed by 34ae204f1851
  // "hugetlbfs: remove call to huge_pte_alloc without i_mmap_rwsem". True only
  // for "patch1" (c0d0381ade79 alone, as v5.7.0 shipped); v5.6 has this
  // call as its only one.
  bool fault_stray_unlocked_huge_pte_alloc = false;

  // "mm/hugetlb: fix deadlock in hugetlb_cow error path" (Mike Kravetz, Dec
  // 2020, v5.11-rc1; probably e7dd91c456a8; Fixes: c0d0381ade79; reported
  // by syzbot). When hugetlb_cow's allocation fails for the reservation
  // owner of a MAP_PRIVATE mapping, drop the fault mutex and i_mmap_rwsem
  // (read) around unmap_ref_private, which takes i_mmap_rwsem for write,
  // then retake both. Closes: the v5.7 self-deadlock of a fault on
  // i_mmap_rwsem (read held by itself, write requested).
  bool cow_unlocks_around_unmap_ref_private = false;

  // The Dec 2018 form of the rmap part, b43a99900559 "hugetlbfs: use
  // i_mmap_rwsem for more pmd sharing synchronization" (v5.0-rc1, reverted
  // in Jan 2019): memory-failure and migration take i_mmap_rwsem for write
  // with a plain i_mmap_lock_write while holding the page lock, against the
  // order i_mmap_rwsem -> hugetlb_fault_mutex -> page lock that the same
  // patch set up for faults. Not a fix but a hazard: c0d0381ade79 replaced it
  // with hugetlb_page_mapping_lock_write (trylock, else drop the page lock),
  // closing the ABBA with a fault in hugetlb_no_page's find_lock_page.
  // Meaningful only with hugetlb_unmap_under_i_mmap_write.
  bool i_mmap_write_under_page_lock = false;

  // c86aa7bbfd55 "hugetlbfs: Use i_mmap_rwsem to fix page fault/truncate
  // race" (v5.0-rc1, reverted in Jan 2019): hugetlbfs_evict_inode, and also
  // hugetlb_vmtruncate and hugetlbfs_punch_hole, hold i_mmap_rwsem for write
  // across remove_inode_hugepages (which takes page locks), and
  // remove_inode_hugepages' "mapped again" path runs under that hold instead
  // of taking the rwsem itself [kernel-reference §6.a; the inner detail is
  // RECALL]. Not a fix but the hazard the revert removed: the ABBA with
  // migration (page lock -> i_mmap_rwsem write).
  bool evict_holds_i_mmap_write = false;

  // 34ae204f1851 "hugetlbfs: remove call to huge_pte_alloc without
  // i_mmap_rwsem" (v5.9-rc1, 5.7.y): i_mmap_assert_locked() in
  // huge_pmd_share and i_mmap_assert_write_locked() in huge_pmd_unshare.
  // Lockdep asserts in the kernel; `check`s here, so a wrong-variant caller
  // (an unshare under the read lock, a share with no lock) fails loudly.
  bool i_mmap_asserts = false;

  // 336bf30eb765 "hugetlbfs: fix anon huge page migration race" (v5.10):
  // hugetlb_page_mapping_lock_write becomes a plain trylock (NULL if it
  // fails: migration -EAGAIN, memory-failure "could not lock mapping"), and
  // unmap_and_move_huge_page drops i_mmap_rwsem right after try_to_unmap,
  // calling remove_migration_ptes(..., false) unlocked (it takes the read
  // lock under the page lock again). Closes: the unlocked anon_vma walk and
  // the _mapcount hack of the slow path (kernel-reference §6.b).
  bool mapping_lock_write_trylock_only = false;

  // "migrate: Correct lock ordering for hugetlb file folios" (Matthew
  // Wilcox, Jan 2026; Fixes 336bf30eb765): keep i_mmap_rwsem (write) across
  // remove_migration_ptes (RMP_LOCKED) for file folios. Closes: the ABBA of
  // migration (folio lock -> i_mmap_rwsem read in remove_migration_ptes)
  // with hole punch (i_mmap_rwsem write -> folio lock in
  // hugetlbfs_zero_partial_page), kernel-reference §6.e.
  bool migration_rmp_locked = false;

  // hugetlbfs_punch_hole zeroes the partial huge pages at the ends of the
  // hole (hugetlbfs_zero_partial_page -> filemap_lock_hugetlb_folio) while
  // it holds i_mmap_rwsem for write (fs/hugetlbfs/inode.c, v5.19 on
  // [version RECALL]). Taken together with the v5.10 migration form this is
  // the 2026 ABBA above.
  bool punch_hole_zeroes_partial_page = false;

  // Peter Xu, "mm/hugetlb: fix pgtable lock on pmd sharing" (June 2023;
  // Fixes cb900f412154): huge_pmd_share checks and populates the PUD under
  // mm->page_table_lock (the PUD lock, as pmd_alloc does) instead of the
  // candidate PMD page's ptl. Closes: two faults of one mm, one populating
  // the PUD in huge_pmd_share and one in __pmd_alloc, each under its own
  // lock, both seeing the PUD none (kernel-reference §2.1 note).
  bool pmd_share_populates_under_pud_lock = false;

  // The v6.1 hugetlb vma_lock protocol (188a39725ad7 and 3a47c54f09c4
  // revert c0d0381ade79 and 87bf91d39bb5; 8d9bfb260814, 40549ba8f8e0,
  // fa27759af4a6 add the lock; v6.1-rc1; model/vma_lock.hpp). The fault
  // takes the fault mutex, then its VMA's vma_lock for read, then
  // huge_pte_alloc (huge_pmd_share takes i_mmap_rwsem for read itself
  // again), and checks i_size once, before allocating; every
  // huge_pmd_unshare runs under the vma_lock (write) and i_mmap_rwsem
  // (write), taken by trylock where i_mmap_rwsem is already held
  // (hugetlb_vmdelete_list skips the VMA, try_to_unmap_one fails);
  // truncation writes i_size before any lock and remove_inode_hugepages
  // takes the fault mutex again, unmapping a folio still mapped through
  // hugetlb_unmap_file_folio. Closes: the fault scalability loss of
  // c0d0381ade79 (1,528 -> 59,544 faults/s in Mike Kravetz's measurement).
  bool hugetlb_vma_lock = false;

  // Gavin Guo, "mm/hugetlb: fix a deadlock with pagecache_folio and
  // hugetlb_fault_mutex_table" (2025; mainline a250ec057360 per a
  // shortlog; Fixes 40549ba8f8e0), in its v3 form [MSG: which posting was
  // merged is not verified]: hugetlb_wp's error path unlocks the page-cache
  // folio before it drops the fault mutex for unmap_ref_private, and does
  // not relock it; hugetlb_fault then skips its folio_unlock. Closes: the
  // ABBA of that folio's lock with the fault mutex (kernel-reference §6.c).
  bool cow_unlocks_pagecache_page_first = false;
};

// "before" (v5.6), "patch1" (c0d0381a alone, with the stray unlocked
// huge_pte_alloc), "after" (v5.7 + 34ae204f1851); "v5.10" ("after" +
// 336bf30eb765); "v5.11" ("v5.10" + the hugetlb_cow deadlock fix; other
// v5.8-v5.11 changes are not modelled); "pud-lock" ("after" + the 2023
// huge_pmd_share PUD-lock fix); "naive" ("after" with the 2018 plain
// i_mmap_lock_write under the page lock); "v5.0-rc1" (b43a99900559 +
// c86aa7bbfd55) and "reverted" (v5.0 after both reverts: as v5.6 here);
// "v6.1" (the vma_lock protocol, with 336bf30eb765's migration and the
// partial-page zeroing under i_mmap_rwsem); "v6.x" (mainline before the Jan
// 2026 fix: v6.1 + Peter Xu's 2023 PUD-lock fix + Gavin Guo's 2025
// hugetlb_wp fix; its faults are modelled as v6.1's, the later fault-path
// rework is not) and "v6.x-fixed" (+ the Jan 2026 RMP_LOCKED fix).
std::optional<Variant> variant_switches(const std::string& name);
// The variants every hugetlb scenario declares, oldest first.
const std::vector<std::string>& hugetlb_variants();

}  // namespace mmcheck::model
