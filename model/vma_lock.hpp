// The v6.1 hugetlb vma_lock (8d9bfb260814 "hugetlb: add vma based lock for
// pmd sharing", 40549ba8f8e0 "hugetlb: use new vma_lock for pmd sharing
// synchronization", v6.1-rc1; kernel-reference §6.c): a per-VMA
// struct hugetlb_vma_lock { kref refs; rw_semaphore rw_sema; vma } hanging
// off vma->vm_private_data of every sharable (VM_MAYSHARE) VMA.
//
// Lock order (v6.1; mm/hugetlb.c hugetlb_fault: "Acquire vma lock before
// calling huge_pte_alloc and hold until finished with ptep"; mm/rmap.c
// try_to_unmap_one: "Lock order dictates acquiring vma_lock BEFORE
// i_mmap_rwsem"):
//   hugetlb_fault_mutex
//     hugetlb vma_lock (read: faults; write: unshare and unmap callers)
//       mapping->i_mmap_rwsem (read only inside huge_pmd_share on the fault
//                              side; write around every huge_pmd_unshare)
//         page->flags PG_locked
//           pmd page ptl / mm->page_table_lock
//             hugetlb_lock
// Paths that already hold i_mmap_rwsem (hugetlb_vmdelete_list, the rmap
// walks, hugetlb_unmap_file_folio's first pass) only trylock the vma_lock.
// remove_inode_single_folio takes the folio lock and then i_mmap_rwsem and
// (slow path) the vma_lock for write under the fault mutex and the folio
// lock (fs/hugetlbfs/inode.c v6.1).
#pragma once

#include <string>

#include "checker/sync/api.hpp"

namespace mmcheck::model {

struct World;

struct HugetlbVmaLock {
  explicit HugetlbVmaLock(const std::string& vma_name);
  Lifetime lock;        // kmalloc'd by hugetlb_vma_lock_alloc, kfree'd at the last kref_put
  RefCount refs;        // kref: the VMA's reference, plus hugetlb_unmap_file_folio's
  RwSemaphore rw_sema;  // the lock itself
  Shared<int> vma;      // vma_lock->vma: the VMA, or kNone once detached
  // vma->vm_private_data != NULL: the VMA still points to its lock (the
  // pointer lives in the VMA, not in the lock's memory).
  Shared<bool> attached;
};

// __vma_shareable_lock(vma): VM_MAYSHARE and vm_private_data set.
bool vma_shareable_lock(World& w, int vma);
// hugetlb_vma_{lock,unlock}_{read,write}, hugetlb_vma_trylock_write
// (mm/hugetlb.c v6.1): no-ops (trylock: success) for a VMA without a lock.
void hugetlb_vma_lock_read(World& w, int vma);
void hugetlb_vma_unlock_read(World& w, int vma);
void hugetlb_vma_lock_write(World& w, int vma);
void hugetlb_vma_unlock_write(World& w, int vma);
bool hugetlb_vma_trylock_write(World& w, int vma);
// hugetlb_vma_assert_locked (a peek): the running thread holds the VMA's
// lock in either mode, or the VMA has none.
bool hugetlb_vma_locked_by_current(const World& w, int vma);
// __hugetlb_vma_unlock_write_free: detach the lock from the VMA, up_write,
// drop the VMA's reference. Called with the lock held for write.
void hugetlb_vma_unlock_write_free(World& w, int vma);

// remove_inode_single_folio (fs/hugetlbfs/inode.c v6.1), called with the
// fault mutex of `index` held: folio_lock; if the folio is mapped again,
// hugetlb_unmap_file_folio; hugetlb_delete_from_page_cache; for hole
// punch hugetlb_unreserve_pages of that index; folio_unlock.
void remove_inode_single_folio(World& w, int page, int index, bool truncate_op);

}  // namespace mmcheck::model
