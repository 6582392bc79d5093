// Process exit for a hugetlb mapping: mm/mmap.c exit_mmap -> unmap_vmas ->
// mm/memory.c unmap_single_vma -> mm/hugetlb.c __unmap_hugepage_range_final;
// then free_pgtables (unlink_file_vma, hugetlb_free_pgd_range ->
// free_pmd_range) and tlb_finish_mmu (v5.6 = v5.7).
//
// Lock order obeyed here:
//   v6.1: the VMA's hugetlb vma_lock (write) -> mapping->i_mmap_rwsem
//         (write) around __unmap_hugepage_range_final, which frees the lock
//   mapping->i_mmap_rwsem (write: unmap_single_vma, unlink_file_vma)
//     pmd page ptl
//   anon_vma->rwsem (write: unlink_anon_vmas), with no other lock held
//       hugetlb_lock (free_huge_page)
//
// Left out: mmap_sem (the exiting mm has no other users), the mmu notifier,
// TLB flushing; the PMD page's own free happens at the final put_page of
// the gathered page-table page, i.e. when its refcount reaches 0.
#include "model/hugetlb.hpp"

namespace mmcheck::model {

void exit_mmap(World& w, int mm) {
  const int vma = mm;  // the mm's only VMA
  int deferred[8];
  int n = 0;
  // unmap_single_vma: "It is undesirable to test vma->vm_file as it should
  // be non-null for valid hugetlb area. ..." i_mmap_lock_write around
  // __unmap_hugepage_range_final.
  // v6.1 __unmap_hugepage_range_final: hugetlb_vma_lock_write, then
  // i_mmap_lock_write; after the unmap, "Unlock and free the vma lock before
  // releasing i_mmap_rwsem. When the vma_lock is freed, this makes the vma
  // ineligible for pmd sharing." (it replaced the VM_MAYSHARE clearing
  // [RECALL: in 40549ba8f8e0 or its v6.1-rc follow-ups]).
  if (w.v.hugetlb_vma_lock) hugetlb_vma_lock_write(w, vma);
  w.mapping.i_mmap_rwsem.down_write();
  __unmap_hugepage_range(w, vma, 0, w.ptrs_per_pmd, deferred, n);
  if (w.v.hugetlb_vma_lock) {
    hugetlb_vma_unlock_write_free(w, vma);
  } else {
    // __unmap_hugepage_range_final: clear VM_MAYSHARE before i_mmap_rwsem is
    // dropped, so huge_pmd_share does not pick this dying VMA.
    w.vma[vma].vm_flags.store(w.vma[vma].vm_flags.load() & ~VM_MAYSHARE);
  }
  w.mapping.i_mmap_rwsem.up_write();

  // free_pgtables: "Hide vma from rmap and truncate_pagecache before
  // freeing pgtables": unlink_anon_vmas (anon_vma->rwsem write; no step in
  // a world without an anon rmap, model/anon_vma.cpp), then unlink_file_vma
  // (i_mmap_rwsem write, remove from i_mmap). mm/memory.c v5.7.
  unlink_anon_vmas(w, vma);
  w.mapping.i_mmap_rwsem.down_write();
  w.mapping.i_mmap.rmw([vma](unsigned m) { return m & ~(1u << vma); });
  w.mapping.i_mmap_rwsem.up_write();
  // hugetlb_free_pgd_range -> free_pmd_range: pud_clear, pmd_free_tlb
  // (mm_dec_nr_pmds, gather the page-table page).
  MmStruct& m = w.mm[mm];
  const int pmd = m.pud.load();
  if (pmd != kNone) {
    m.pud.store(kNone);
    m.nr_pmds.fetch_add(-1);
  }
  // tlb_finish_mmu: free the gathered data pages, then the page tables.
  for (int i = 0; i < n; ++i) put_page(w, deferred[i]);
  if (pmd != kNone) pmd_page_put(w, pmd);
}

}  // namespace mmcheck::model
