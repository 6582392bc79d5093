// Unmapping a hugetlb page by rmap for memory failure: mm/memory-failure.c
// memory_failure / hwpoison_user_mappings, mm/rmap.c try_to_unmap /
// rmap_walk_file / try_to_unmap_one (hugetlb part) and, from c0d0381ade79,
// mm/hugetlb.c hugetlb_page_mapping_lock_write (v5.6 and v5.7).
//
// Lock order obeyed here:
//   v5.6: page->flags PG_locked -> mapping->i_mmap_rwsem (read, rmap_walk_file)
//           -> pmd page ptl
//   v5.7: mapping->i_mmap_rwsem (write) -> PG_locked -> pmd page ptl; taken
//         with the page locked only by trylock, else the page lock is
//         dropped and both are retaken in order.
//   "naive" (the Dec 2018 b43a99900559 form): PG_locked -> i_mmap_rwsem
//         (write) -> ptl, against the fault's i_mmap_rwsem -> PG_locked.
//
// Left out: TLB flushing and the mmu notifier, the kill of the processes
// (collect_procs/kill_procs), me_huge_page's dissolve, the head page's
// _mapcount "hack" in hugetlb_page_mapping_lock_write (it touches a
// counter page_mapped() does not read for hugetlb pages; 336bf30eb765 notes
// it pins nothing), PageHWPoison itself (the hwpoison pte is written).
#include "model/hugetlb.hpp"

namespace mmcheck::model {

namespace {

// try_to_unmap_one, mm/rmap.c, hugetlb part, for one VMA. page_vma_mapped_walk
// for hugetlb: huge_pte_offset, huge_pte_lockptr + spin_lock, check_pte.
// If huge_pmd_unshare succeeds the unmap of this mm is done (its PUD no
// longer reaches the page); else the pte is cleared and replaced by a
// hwpoison entry, hugetlb_count_sub, page_remove_rmap, put_page.
// TTU_MIGRATION (migration): the pte becomes a migration entry instead, and
// the rss counter is left alone (remove_migration_ptes restores the pte).
bool try_to_unmap_one(World& w, int page, int vma, bool migration) {
  const int mm = w.vma[vma].mm;
  const int idx = w.page[page].index;
  int slot = idx;
  const Ptep ptep = huge_pte_offset(w, mm, slot);
  if (!ptep) return true;
  SpinLock& ptl = huge_pte_lockptr(w, ptep);
  ptl.lock();
  const pte_t e = huge_ptep_get(w, ptep);
  if (!pte_present(e) || pte_page(e) != page) {  // check_pte
    ptl.unlock();
    return true;
  }
  if (huge_pmd_unshare(w, mm, &slot, ptep)) {
    cover("try_to_unmap_one unshared a PMD page");
    ptl.unlock();  // page_vma_mapped_walk_done
    return true;
  }
  set_huge_pte_at(w, mm, ptep, 0, "try_to_unmap_one");  // huge_ptep_clear_flush
  if (migration) {
    set_huge_pte_at(w, mm, ptep, make_migration_entry(page), "try_to_unmap_one");
    w.page[page].mapcount.fetch_add(-1);  // page_remove_rmap
    put_page(w, page);
    ptl.unlock();
    return true;
  }
  hugetlb_count_sub(w, mm, 1);
  set_huge_pte_at(w, mm, ptep, make_hwpoison_entry(page),
                  "try_to_unmap_one");  // set_huge_swap_pte_at
  w.page[page].mapcount.fetch_add(-1);  // page_remove_rmap
  put_page(w, page);
  ptl.unlock();
  return true;
}

}  // namespace

// try_to_unmap -> rmap_walk (file): rmap_walk_file takes i_mmap_rwsem for
// read unless TTU_RMAP_LOCKED; returns !page_mapcount(page).
bool try_to_unmap(World& w, int page, bool rmap_locked, bool migration) {
  if (!rmap_locked) w.mapping.i_mmap_rwsem.down_read();
  const unsigned i_mmap = w.mapping.i_mmap.load();
  for (int v = 0; v < static_cast<int>(w.vma.size()); ++v)
    if (i_mmap & (1u << v)) try_to_unmap_one(w, page, v, migration);
  if (!rmap_locked) w.mapping.i_mmap_rwsem.up_read();
  return w.page[page].mapcount.load() == 0;
}

namespace {

// hugetlb_page_mapping_lock_write, mm/hugetlb.c v5.7, for a page-cache
// page (page_mapping is the file): entered and left with the page locked.
bool hugetlb_page_mapping_lock_write(World& w, int page) {
  HugePage& p = w.page[page];
  if (w.mapping.i_mmap_rwsem.down_write_trylock()) return true;
  // Lock order: i_mmap_rwsem before the page lock. Drop the page lock.
  cover("hugetlb_page_mapping_lock_write dropped the page lock to wait for i_mmap_rwsem");
  p.PG_locked.unlock();
  w.mapping.i_mmap_rwsem.down_write();
  p.PG_locked.lock();
  if (p.mapcount.load() == 0) {  // !page_mapped(hpage)
    w.mapping.i_mmap_rwsem.up_write();
    return false;
  }
  return true;  // page_mapping unchanged: the page stays in the page cache
}

}  // namespace

// memory_failure, mm/memory-failure.c v5.6/v5.7, for a mapped page-cache
// huge page: get_hwpoison_page, lock_page, hwpoison_user_mappings
// (try_to_unmap; v5.7 under hugetlb_page_mapping_lock_write with
// TTU_RMAP_LOCKED), unlock_page. The poisoned page keeps its reference.
bool memory_failure(World& w, int page) {
  HugePage& p = w.page[page];
  p.refcount.get();  // get_hwpoison_page
  p.PG_locked.lock();
  bool unmap_success;
  if (!w.v.hugetlb_unmap_under_i_mmap_write) {
    unmap_success = try_to_unmap(w, page, false, false);
  } else if (w.v.i_mmap_write_under_page_lock) {
    // b43a99900559 (Dec 2018): "else if (mapping)" i_mmap_lock_write with
    // the page still locked, then try_to_unmap(TTU_RMAP_LOCKED).
    w.mapping.i_mmap_rwsem.down_write();
    unmap_success = try_to_unmap(w, page, true, false);
    w.mapping.i_mmap_rwsem.up_write();
  } else if (hugetlb_page_mapping_lock_write(w, page)) {
    unmap_success = try_to_unmap(w, page, true, false);
    w.mapping.i_mmap_rwsem.up_write();
  } else {
    unmap_success = false;  // "could not find mapping for mapped huge page"
  }
  p.PG_locked.unlock();
  w.ghost.hwpoisoned_page = page;
  return unmap_success;
}

}  // namespace mmcheck::model
