// The modelled kernel functions, by file. Each takes the World and the
// acting mm; names, arguments and the order of lock operations and
// shared-state accesses follow the kernel (see the comment at each
// definition for the function, file and version it follows).
#pragma once

#include <string>

#include "model/state.hpp"

namespace mmcheck::model {

// The result of a fault, as vm_fault_t.
enum class VmFault { ok, sigbus, oom, hwpoison };

// ---- model/pagetable.cpp ----
Ptep huge_pte_offset(World& w, int mm, int slot);
Ptep huge_pte_alloc(World& w, int mm, int slot);
Ptep huge_pmd_share(World& w, int mm, int slot);
Ptep pmd_alloc(World& w, int mm, int slot);
// Returns true (1) if the PMD page was shared and this mm's PUD was cleared;
// *slot is moved to the last slot of the window, as the kernel moves *addr.
bool huge_pmd_unshare(World& w, int mm, int* slot, Ptep ptep);
pte_t huge_ptep_get(World& w, Ptep ptep);
// The read of hugetlb_fault's lockless prelude: may find the PMD page freed
// (the rule in model/pagetable.cpp).
pte_t huge_ptep_get_lockless(World& w, Ptep ptep);
// Writes through ptep; checks invariant 1 (the ptep's PMD page is reachable
// from mm's own PUD). `who` names the kernel function writing.
void set_huge_pte_at(World& w, int mm, Ptep ptep, pte_t pte, const char* who);
SpinLock& huge_pte_lockptr(World& w, Ptep ptep);
// What ptep points at, as a trace names it: "pmd0.entry[1]", "NULL", or the
// pointer pmd_offset computed from a cleared PUD.
std::string ptep_name(const World& w, Ptep ptep);
// put_page on a PMD page-table page: frees it at refcount 0.
void pmd_page_put(World& w, int pmd);

// ---- model/fault.cpp ----
VmFault hugetlb_fault(World& w, int mm, int slot);
// migration_entry_wait_huge (mm/migrate.c v5.7) for hugetlb_fault's prelude.
void migration_entry_wait_huge(World& w, int mm, Ptep ptep);
VmFault hugetlb_no_page(World& w, int mm, int idx, Ptep ptep);
int alloc_huge_page(World& w, int mm, int idx);
int huge_add_to_page_cache(World& w, int page, int idx);
void restore_reserve_on_error(World& w, int page, int idx);
void put_page(World& w, int page);
void free_huge_page(World& w, int page);
void hugetlb_count_add(World& w, int mm, long n);
void hugetlb_count_sub(World& w, int mm, long n);

// Whether the running thread holds mapping->i_mmap_rwsem (for write, or
// at all): i_mmap_assert_write_locked / i_mmap_assert_locked (a peek).
bool i_mmap_locked_by_current(const World& w, bool write);

// ---- model/truncate.cpp ----
void hugetlb_vmtruncate(World& w, long offset);
void hugetlbfs_punch_hole(World& w, long start, long end);
// A hole punch whose start lies inside huge page idx and which ends at huge
// page `end` (v5.19 on: zeroes the partial page under i_mmap_rwsem write).
void hugetlbfs_punch_hole_partial(World& w, long idx, long end);
void hugetlb_vmdelete_list(World& w, long start, long end);
void unmap_hugepage_range(World& w, int vma, int start, int end, int ref_page = kNone);
void __unmap_hugepage_range(World& w, int vma, int start, int end, int (&deferred)[8],
                            int& nr_deferred, int ref_page = kNone);
void remove_inode_hugepages(World& w, long lstart, long lend);
long hugetlb_unreserve_pages(World& w, long start, long end, long freed);
void hugetlb_acct_memory(World& w, long delta);

// ---- model/cow.cpp ----
// Called from hugetlb_fault with the ptl of ptep held (and returns with it
// held), the fault mutex, in v5.7 i_mmap_rwsem (read), and the locks of
// the pte's page and of pagecache_page (kNone: none).
// *pagecache_page_locked is cleared if hugetlb_cow unlocked pagecache_page
// (Gavin Guo's 2025 fix); nullptr: the caller does not track it.
VmFault hugetlb_cow(World& w, int mm, int idx, Ptep ptep, int pagecache_page,
                    bool* pagecache_page_locked = nullptr);
void unmap_ref_private(World& w, int mm, int page, int idx);
// find_lock_page on the file's page cache: the page locked and referenced, or kNone.
int hugetlbfs_pagecache_page(World& w, int idx);

// ---- model/exit.cpp ----
void exit_mmap(World& w, int mm);

// ---- model/rmap.cpp ----
// memory_failure() on a mapped page-cache huge page, through
// hwpoison_user_mappings; returns whether the unmap succeeded.
bool memory_failure(World& w, int page);
// try_to_unmap_one (hugetlb part) for one VMA; true (SWAP_AGAIN: go on).
bool try_to_unmap_one(World& w, int page, int vma, bool migration);
// try_to_unmap of a huge page from every VMA that maps it (the file's
// i_mmap, or an anon page's anon_vma tree);
// rmap_locked: TTU_RMAP_LOCKED (the caller holds i_mmap_rwsem); migration:
// TTU_MIGRATION (migration entries), else hwpoison entries.
bool try_to_unmap(World& w, int page, bool rmap_locked, bool migration);
// hugetlb_page_mapping_lock_write (mm/hugetlb.c v5.7; v5.10 trylock only)
// for a page locked by the caller: true with i_mmap_rwsem held for write,
// false (NULL) without it.
bool hugetlb_page_mapping_lock_write(World& w, int page);

// ---- model/migrate.cpp ----
// unmap_and_move_huge_page (mm/migrate.c) of a page-cache huge page the
// caller isolated (holding a reference), to putback; returns 0
// (MIGRATEPAGE_SUCCESS) or a -errno.
int unmap_and_move_huge_page(World& w, int hpage);

// ---- model/truncate.cpp, eviction ----
void hugetlbfs_evict_inode(World& w);

// ---- model/invariants.cpp ----
// Invariants 2-5 of hugetlb-model.md over the whole world (peek only).
// all_exited: every mm has exited (invariant 4, zero usage).
void check_world(World& w, bool truncation_done, bool all_exited);
// Invariant 5 (page cache / ptes beyond i_size), at truncation's return.
void check_truncation(World& w);

}  // namespace mmcheck::model
