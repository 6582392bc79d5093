// Truncation, hole punch, eviction and unmapping of a hugetlbfs file:
// fs/hugetlbfs/inode.c hugetlb_vmtruncate, hugetlbfs_punch_hole,
// hugetlbfs_evict_inode,
// hugetlb_vmdelete_list, remove_inode_hugepages; mm/hugetlb.c
// unmap_hugepage_range, __unmap_hugepage_range, hugetlb_unreserve_pages
// (v5.6 and v5.7). The callers hold inode_lock (not modelled: one truncator).
//
// Lock order obeyed here (v6.1: model/vma_lock.hpp):
//   v5.7: mapping->i_mmap_rwsem (write: i_size, unmap, unshare)
//           hugetlb_fault_mutex[i] (hole punch only; dropped to take i_mmap_rwsem)
//             page->flags PG_locked
//               pmd page ptl
//                 hugetlb_lock
//   v5.6: hugetlb_fault_mutex[i] -> i_mmap_rwsem (remove_inode_hugepages on
//         a page a fault mapped again) -> PG_locked -> ptl -> hugetlb_lock
//   v5.0-rc1 eviction (c86aa7bbfd55): i_mmap_rwsem (write) -> PG_locked,
//         against migration's PG_locked -> i_mmap_rwsem (b43a99900559)
//   where pages migrate: the page-cache xa_lock alone, around a lookup
//
// Left out: the mmu notifier, TLB flushing (the tlb gather only defers the
// put_page of unmapped pages, which is kept), set_page_dirty,
// pagevec batching beyond one batch per lookup (batches of 14 exceed the
// model's file).
#include "model/hugetlb.hpp"

namespace mmcheck::model {

// __unmap_hugepage_range, mm/hugetlb.c v5.6 = v5.7. The caller holds
// i_mmap_rwsem for write. For each huge page address in [start, end):
// huge_pte_offset; ptl; if huge_pmd_unshare, skip the rest of the window;
// else clear a present pte (hugetlb_count_sub, page_remove_rmap) and queue
// the page for tlb_remove_page_size (put after the flush).
// With a ref_page (unmap_ref_private) only a pte mapping that page is
// cleared, the VMA gets HPAGE_RESV_UNMAPPED, and the walk stops there.
void __unmap_hugepage_range(World& w, int vma, int start, int end, int (&deferred)[8],
                            int& nr_deferred, int ref_page) {
  const int mm = w.vma[vma].mm;
  for (int slot = start; slot < end; ++slot) {
    const Ptep ptep = huge_pte_offset(w, mm, slot);
    if (!ptep) continue;
    SpinLock& ptl = huge_pte_lockptr(w, ptep);
    ptl.lock();
    if (huge_pmd_unshare(w, mm, &slot, ptep)) {
      ptl.unlock();
      continue;
    }
    const pte_t pte = huge_ptep_get(w, ptep);
    if (huge_pte_none(pte)) {
      ptl.unlock();
      continue;
    }
    if (!pte_present(pte)) {                  // migration or hwpoison entry: huge_pte_clear
      if (is_hugetlb_entry_migration(pte)) {  // FINDINGS.md 7: the mm keeps the charge
        cover("__unmap_hugepage_range cleared a migration entry (no hugetlb_count_sub)");
        ++w.ghost.rss_of_zapped_migration_entries;
      }
      set_huge_pte_at(w, mm, ptep, 0, "__unmap_hugepage_range");
      ptl.unlock();
      continue;
    }
    const int page = pte_page(pte);
    if (ref_page != kNone) {
      if (page != ref_page) {
        ptl.unlock();
        continue;
      }
      // set_vma_resv_flags(vma, HPAGE_RESV_UNMAPPED)
      w.vma[vma].vm_private_data.rmw([](unsigned f) { return f | HPAGE_RESV_UNMAPPED; });
    }
    set_huge_pte_at(w, mm, ptep, 0, "__unmap_hugepage_range");  // huge_ptep_get_and_clear
    hugetlb_count_sub(w, mm, 1);
    w.page[page].mapcount.fetch_add(-1);  // page_remove_rmap
    ptl.unlock();
    if (nr_deferred < 8) deferred[nr_deferred++] = page;  // tlb_remove_page_size
    if (ref_page != kNone) break;  // "Bail out after unmapping reference page"
  }
}

// unmap_hugepage_range, mm/hugetlb.c: tlb_gather_mmu, __unmap_hugepage_range,
// tlb_finish_mmu (which frees the gathered pages: put_page).
void unmap_hugepage_range(World& w, int vma, int start, int end, int ref_page) {
  int deferred[8];
  int n = 0;
  __unmap_hugepage_range(w, vma, start, end, deferred, n, ref_page);
  for (int i = 0; i < n; ++i) put_page(w, deferred[i]);
}

// hugetlb_vmdelete_list, fs/hugetlbfs/inode.c: for each VMA in i_mmap
// overlapping [start, end) (end 0: to the end), unmap that part. The caller
// holds i_mmap_rwsem for write. vma_interval_tree_foreach visits the VMAs in
// the order of their vm_pgoff and then their addresses (the interval tree's
// key, mm/interval_tree.c), which a scenario does not fix: the order is a
// nondeterministic choice among the orders of the VMAs found (one choice
// when there are two or more; the walk never changes i_mmap).
void hugetlb_vmdelete_list(World& w, long start, long end) {
  const unsigned i_mmap = w.mapping.i_mmap.load();
  int order[kMaxMms];
  int n = 0;
  for (int v = 0; v < static_cast<int>(w.vma.size()); ++v)
    if (i_mmap & (1u << v)) order[n++] = v;
  if (n >= 2) {
    int permutations = 1;
    for (int k = 2; k <= n; ++k) permutations *= k;
    int pick = choose(permutations);
    // The pick-th permutation of order[0..n) in lexicographic order.
    for (int i = 0; i < n - 1; ++i) {
      int rest = 1;
      for (int k = 2; k <= n - 1 - i; ++k) rest *= k;
      const int j = i + pick / rest;
      pick %= rest;
      const int chosen = order[j];
      for (int k = j; k > i; --k) order[k] = order[k - 1];
      order[i] = chosen;
    }
  }
  for (int i = 0; i < n; ++i) {
    // v6.1 (40549ba8f8e0): "if (!hugetlb_vma_trylock_write(vma)) continue;"
    // -- the caller holds i_mmap_rwsem, which ranks below the vma_lock.
    if (w.v.hugetlb_vma_lock && !hugetlb_vma_trylock_write(w, order[i])) {
      cover("hugetlb_vmdelete_list skipped a VMA whose vma_lock it could not take");
      if (w.ghost.fault_holds_vma_lock[w.vma[order[i]].mm])
        cover("hugetlb_vmdelete_list skipped the VMA of a fault in flight");
      continue;
    }
    unmap_hugepage_range(w, order[i], static_cast<int>(start),
                         end == 0 ? w.ptrs_per_pmd : static_cast<int>(end));
    if (w.v.hugetlb_vma_lock) hugetlb_vma_unlock_write(w, order[i]);
  }
}

// hugetlb_unreserve_pages, mm/hugetlb.c v5.6 = v5.7: chg = region_del
// (entries removed from the reserve map); i_blocks -= freed; gbl =
// hugepage_subpool_put_pages(NULL, chg - freed) = chg - freed;
// hugetlb_acct_memory(h, -gbl). region_del is one atomic step per index
// (it runs under resv_map->lock; a single-index region op of another thread
// commutes with the rest of the range).
long hugetlb_unreserve_pages(World& w, long start, long end, long freed) {
  long chg = 0;
  const long last = std::min<long>(end, w.ptrs_per_pmd);
  for (long i = start; i < last; ++i)
    if (w.mapping.resv_map[i].exchange(false)) ++chg;
  w.mapping.i_blocks.fetch_add(-freed);
  const long gbl_reserve = chg - freed;
  hugetlb_acct_memory(w, -gbl_reserve);
  return 0;
}

// remove_inode_hugepages, fs/hugetlbfs/inode.c, v5.6 and v5.7. For every
// page-cache page in [lstart, lend): (fault mutex), if still mapped unmap it
// again (hole punch only: BUG_ON(truncate_op)), lock_page, remove_huge_page,
// for hole punch hugetlb_unreserve_pages for that index, unlock. Truncation
// unreserves the whole tail at the end with the number of pages freed.
void remove_inode_hugepages(World& w, long lstart, long lend) {
  const bool truncate_op = lend < 0;  // lend == LLONG_MAX
  const long end = truncate_op ? w.ptrs_per_pmd : lend;
  const bool take_fault_mutex = !truncate_op || !w.v.i_size_under_i_mmap_rwsem;
  long freed = 0;
  long next = lstart;
  while (next < end) {
    // pagevec_lookup_range: a reference on every page found.
    int pvec[8];
    int n = 0;
    for (long i = next; i < end; ++i) {
      // The speculative get is atomic against page_ref_freeze in
      // migration; the model uses xa_lock for that where pages migrate.
      if (w.pages_migrate) w.mapping.xa_lock.lock();
      const int page = w.mapping.page_cache[i].load();
      if (page != kNone) w.page[page].refcount.get();
      if (w.pages_migrate) w.mapping.xa_lock.unlock();
      if (page == kNone) continue;
      pvec[n++] = page;
      next = i + 1;
    }
    if (n == 0) break;
    for (int k = 0; k < n; ++k) {
      HugePage& p = w.page[pvec[k]];
      const int index = p.index;
      Mutex& fault_mutex = w.hugetlb_fault_mutex_table[index];
      if (take_fault_mutex) fault_mutex.lock();
      if (w.v.hugetlb_vma_lock) {  // v6.1: the fault mutex for truncation too (188a39725ad7)
        remove_inode_single_folio(w, pvec[k], index, truncate_op);
        ++freed;
        fault_mutex.unlock();
        continue;
      }
      if (p.mapcount.load() > 0) {  // page_mapped
        check(!truncate_op,
              "BUG_ON(truncate_op) in remove_inode_hugepages: a truncated page is mapped again");
        if (w.v.evict_holds_i_mmap_write) {
          // c86aa7bbfd55: the caller holds i_mmap_rwsem for write already.
          hugetlb_vmdelete_list(w, index, index + 1);
        } else if (w.v.i_size_under_i_mmap_rwsem) {
          fault_mutex.unlock();
          w.mapping.i_mmap_rwsem.down_write();
          fault_mutex.lock();
        } else {
          w.mapping.i_mmap_rwsem.down_write();
        }
        if (!w.v.evict_holds_i_mmap_write) {
          hugetlb_vmdelete_list(w, index, index + 1);
          w.mapping.i_mmap_rwsem.up_write();
        }
      }
      p.PG_locked.lock();
      // remove_huge_page: ClearPageDirty, ClearPageUptodate,
      // delete_from_page_cache (drops the page cache's reference).
      w.mapping.page_cache[index].store(kNone);
      if (pvec[k] == w.ghost.stray_page)
        cover("remove_inode_hugepages removed the page a fault's backout had left beyond i_size");
      put_page(w, pvec[k]);
      ++freed;
      if (!truncate_op) hugetlb_unreserve_pages(w, index, index + 1, 1);
      p.PG_locked.unlock();
      if (take_fault_mutex) fault_mutex.unlock();
    }
    for (int k = 0; k < n; ++k) put_page(w, pvec[k]);  // huge_pagevec_release
  }
  if (truncate_op) hugetlb_unreserve_pages(w, lstart, w.ptrs_per_pmd, freed);
}

// hugetlb_vmtruncate, fs/hugetlbfs/inode.c. v5.6: i_size_write, then
// i_mmap_rwsem write around hugetlb_vmdelete_list. v5.7 (87bf91d39bb5):
// i_size_write under i_mmap_rwsem write. Then remove_inode_hugepages
// without i_mmap_rwsem. offset in huge pages.
void hugetlb_vmtruncate(World& w, long offset) {
  AddressSpace& mapping = w.mapping;
  if (!w.v.i_size_under_i_mmap_rwsem) mapping.i_size.store(offset);
  w.ghost.truncate_wants_i_mmap = true;
  mapping.i_mmap_rwsem.down_write();
  w.ghost.truncate_wants_i_mmap = false;
  if (w.v.i_size_under_i_mmap_rwsem) mapping.i_size.store(offset);
  hugetlb_vmdelete_list(w, offset, 0);  // (an empty i_mmap walks nothing)
  if (w.v.evict_holds_i_mmap_write) {
    // v5.0-rc1 (c86aa7bbfd55, §6.a): i_mmap_rwsem write held across
    // remove_inode_hugepages.
    remove_inode_hugepages(w, offset, -1);
    mapping.i_mmap_rwsem.up_write();
  } else {
    mapping.i_mmap_rwsem.up_write();
    remove_inode_hugepages(w, offset, -1);
  }
  w.ghost.truncate_returned = true;
  check_truncation(w);
}

// hugetlbfs_punch_hole, fs/hugetlbfs/inode.c (same in both): i_mmap_rwsem
// write around hugetlb_vmdelete_list of the hole, then
// remove_inode_hugepages(hole) (seals and inode_lock left out).
void hugetlbfs_punch_hole(World& w, long start, long end) {
  w.mapping.i_mmap_rwsem.down_write();
  hugetlb_vmdelete_list(w, start, end);
  if (w.v.evict_holds_i_mmap_write) {  // v5.0-rc1 (c86aa7bbfd55)
    remove_inode_hugepages(w, start, end);
    w.mapping.i_mmap_rwsem.up_write();
    return;
  }
  w.mapping.i_mmap_rwsem.up_write();
  remove_inode_hugepages(w, start, end);
}

// hugetlbfs_zero_partial_page, fs/hugetlbfs/inode.c (v5.19 on [version
// RECALL]): folio = filemap_lock_hugetlb_folio(h, mapping, idx) (lookup,
// get, folio_lock); if found, zero the part (no state here), unlock, put.
static void hugetlbfs_zero_partial_page(World& w, long idx) {
  if (w.pages_migrate) w.mapping.xa_lock.lock();
  const int page = w.mapping.page_cache[idx].load();
  if (page != kNone) w.page[page].refcount.get();
  if (w.pages_migrate) w.mapping.xa_lock.unlock();
  if (page == kNone) return;
  cover("hugetlbfs_zero_partial_page locks a page under i_mmap_rwsem write");
  w.page[page].PG_locked.lock();
  // folio_lock, then (filemap_lock_folio) a recheck of folio->mapping: a
  // page migrated away meanwhile is unlocked and the lookup repeated; the
  // model zeroes whichever page it locked (zeroing is no state here).
  w.page[page].PG_locked.unlock();
  put_page(w, page);
}

// hugetlbfs_punch_hole of a range whose start lies inside huge page idx
// (offset < hole_start): v5.19 on, under i_mmap_rwsem write, the partial
// page is zeroed (hugetlbfs_zero_partial_page) before hugetlb_vmdelete_list
// of the whole pages [idx + 1, end); then remove_inode_hugepages of those.
void hugetlbfs_punch_hole_partial(World& w, long idx, long end) {
  check(w.v.punch_hole_zeroes_partial_page,
        "model: a partial-page hole punch is not modelled before v5.19 (variant " + w.v.name + ")");
  w.mapping.i_mmap_rwsem.down_write();
  hugetlbfs_zero_partial_page(w, idx);
  if (end > idx + 1) hugetlb_vmdelete_list(w, idx + 1, end);
  w.mapping.i_mmap_rwsem.up_write();
  if (end > idx + 1) remove_inode_hugepages(w, idx + 1, end);
}

}  // namespace mmcheck::model

namespace mmcheck::model {

// hugetlbfs_evict_inode, fs/hugetlbfs/inode.c: the last reference to the
// inode is gone (no VMA maps the file any more): remove_inode_hugepages
// over the whole file (resv_map_release and clear_inode left out).
// v5.0-rc1 (c86aa7bbfd55) holds i_mmap_rwsem for write around it ("to be
// consistent with other callers"); v5.0 after the revert, and v5.6/v5.7,
// do not.
void hugetlbfs_evict_inode(World& w) {
  if (w.v.evict_holds_i_mmap_write) w.mapping.i_mmap_rwsem.down_write();
  remove_inode_hugepages(w, 0, -1);
  if (w.v.evict_holds_i_mmap_write) w.mapping.i_mmap_rwsem.up_write();
}

}  // namespace mmcheck::model
