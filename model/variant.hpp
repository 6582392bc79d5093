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
  // for the future `v5.7.0` variant; v5.6 has this call as its only one.
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
  // race" (v5.0-rc1, reverted in Jan 2019): hugetlbfs_evict_inode holds
  // i_mmap_rwsem for write around remove_inode_hugepages (which takes page
  // locks). Not a fix but the hazard the revert removed: the ABBA with
  // migration (page lock -> i_mmap_rwsem write), kernel-reference §6.a.
  bool evict_holds_i_mmap_write = false;
};

// "before" (v5.6), "patch1" (c0d0381a alone), "after" (v5.7 + 34ae204f1851);
// "v5.11" ("after" + the hugetlb_cow deadlock fix; the other v5.8-v5.11
// changes, e.g. 336bf30eb765, are not modelled); "naive" ("after" with the
// 2018 plain i_mmap_lock_write under the page lock); "v5.0-rc1" (b43a99900559
// + c86aa7bbfd55) and "reverted" (v5.0 after both reverts: as v5.6 here).
std::optional<Variant> variant_switches(const std::string& name);
// The variants every hugetlb scenario declares, oldest first.
const std::vector<std::string>& hugetlb_variants();

}  // namespace mmcheck::model
