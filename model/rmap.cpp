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
//   v6.1: as v5.10 (336bf30eb765: trylock only), and try_to_unmap_one
//         trylocks the VMA's hugetlb vma_lock under i_mmap_rwsem and the ptl.
//   "naive" (the Dec 2018 b43a99900559 form): PG_locked -> i_mmap_rwsem
//         (write) -> ptl, against the fault's i_mmap_rwsem -> PG_locked.
//   anon pages (try_to_unmap -> rmap_walk_anon, model/anon_vma.cpp):
//         PG_locked -> anon_vma->rwsem (read) -> ptl; with TTU_RMAP_LOCKED
//         (v5.7 migration) no anon_vma lock at all.
//
// memory_failure also takes i_mmap_rwsem for read under the page lock in
// collect_procs_file, in every variant (PG_locked -> i_mmap_rwsem read):
// against v5.7's fault order (i_mmap_rwsem read -> fault mutex -> PG_locked)
// that is a cycle through a read hold, a deadlock once a writer queues on
// the rwsem between the two readers (FINDINGS.md).
//
// Left out: TLB flushing and the mmu notifier, the kill of the processes
// (kill_procs: signals, no shared state here), me_huge_page's dissolve, the head page's
// _mapcount "hack" in hugetlb_page_mapping_lock_write (it touches a
// counter page_mapped() does not read for hugetlb pages; 336bf30eb765 notes
// it pins nothing), PageHWPoison itself (the hwpoison pte is written).
#include "model/hugetlb.hpp"

namespace mmcheck::model {

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
  // 336bf30eb765 (v5.10): "if (PageHuge(page) && !PageAnon(page))": an
  // anon page is never in a shared PMD page, so no unshare (and no
  // i_mmap_rwsem) for it; v5.6/v5.7 try, and find the PMD page unshared.
  const bool may_unshare = !(w.page[page].anon && w.v.mapping_lock_write_trylock_only);
  // v6.1: "We also must hold hugetlb vma_lock in write mode. Lock order
  // dictates acquiring vma_lock BEFORE i_mmap_rwsem. We can only try lock
  // here and fail if unsuccessful." (The kernel trylocks under the ptl, in
  // the same !folio_test_anon branch.)
  const bool vma_locked = may_unshare && w.v.hugetlb_vma_lock;
  if (vma_locked && !hugetlb_vma_trylock_write(w, vma)) {
    cover("try_to_unmap_one failed: the vma_lock was busy");
    ptl.unlock();  // page_vma_mapped_walk_done; ret = false
    return false;
  }
  if (may_unshare && huge_pmd_unshare(w, mm, &slot, ptep)) {
    if (vma_locked) hugetlb_vma_unlock_write(w, vma);
    cover("try_to_unmap_one unshared a PMD page");
    ptl.unlock();  // page_vma_mapped_walk_done
    return true;
  }
  if (vma_locked) hugetlb_vma_unlock_write(w, vma);
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

// try_to_unmap -> rmap_walk: rmap_walk_file takes i_mmap_rwsem for read
// unless TTU_RMAP_LOCKED; an anon page goes to rmap_walk_anon
// (model/anon_vma.cpp: with TTU_RMAP_LOCKED it takes no anon_vma lock, the
// 336bf30eb765 race; else rwc->anon_lock = page_lock_anon_vma_read), with
// rwc->done = page_mapcount_is_zero. Returns !page_mapcount(page).
bool try_to_unmap(World& w, int page, bool rmap_locked, bool migration) {
  if (w.page[page].anon) {
    rmap_walk_anon(
        w, page, rmap_locked ? AnonWalkLock::caller_holds : AnonWalkLock::page_lock_anon_vma_read,
        [&](int vma) { return try_to_unmap_one(w, page, vma, migration); },
        [&] { return w.page[page].mapcount.load() == 0; });
    return w.page[page].mapcount.load() == 0;
  }
  if (!rmap_locked) w.mapping.i_mmap_rwsem.down_read();
  const unsigned i_mmap = w.mapping.i_mmap.load();
  for (int v = 0; v < static_cast<int>(w.vma.size()); ++v)
    if ((i_mmap & (1u << v)) && !try_to_unmap_one(w, page, v, migration)) break;  // rwc->done
  if (!rmap_locked) w.mapping.i_mmap_rwsem.up_read();
  return w.page[page].mapcount.load() == 0;
}

// hugetlb_page_mapping_lock_write, mm/hugetlb.c v5.7: entered and left
// with the page locked. The mapping is _get_hugetlb_page_mapping's (for an
// anon page: through its anon_vma, model/anon_vma.cpp). v5.10
// (336bf30eb765): mapping = page_mapping(hpage) (NULL for an anon page),
// only the trylock, NULL (false) if it fails.
bool hugetlb_page_mapping_lock_write(World& w, int page) {
  HugePage& p = w.page[page];
  if (w.v.mapping_lock_write_trylock_only && p.anon) return false;  // page_mapping NULL
  if (!w.v.mapping_lock_write_trylock_only && !_get_hugetlb_page_mapping(w, page)) return false;
  if (w.mapping.i_mmap_rwsem.down_write_trylock()) return true;
  if (w.v.mapping_lock_write_trylock_only) {
    cover("hugetlb_page_mapping_lock_write's trylock failed (336bf30eb765: no slow path)");
    return false;
  }
  // Lock order: i_mmap_rwsem before the page lock. Drop the page lock.
  cover("hugetlb_page_mapping_lock_write dropped the page lock to wait for i_mmap_rwsem");
  p.PG_locked.unlock();
  w.mapping.i_mmap_rwsem.down_write();
  p.PG_locked.lock();
  if (p.mapcount.load() == 0) {  // !page_mapped(hpage)
    w.mapping.i_mmap_rwsem.up_write();
    return false;
  }
  // mapping2 = _get_hugetlb_page_mapping(hpage): a page-cache page keeps
  // its file; an anon page finds it again through its anon_vma. With one
  // modelled file, "mapping2 != mapping" only happens as NULL, and the
  // retry with mapping NULL returns NULL.
  if (!_get_hugetlb_page_mapping(w, page)) {
    w.mapping.i_mmap_rwsem.up_write();
    return false;
  }
  return true;
}

namespace {

// collect_procs -> collect_procs_file, mm/memory-failure.c (v5.6 = v5.7):
// i_mmap_lock_read(mapping); read_lock(&tasklist_lock); for each process,
// vma_interval_tree_foreach over i_mmap: add_to_kill; unlocks. Called from
// hwpoison_user_mappings with the page locked ("if (kill)": a hugetlbfs
// page is always dirty, huge_add_to_page_cache set it). tasklist_lock and
// the kill list are left out: no other modelled path takes tasklist_lock.
void collect_procs_file(World& w, int page) {
  (void)page;  // pgoff = page_to_pgoff(page): every VMA of the model covers it
  const RwSemaphore& sem = w.mapping.i_mmap_rwsem;
  if (sem.writer() != kNoThread || sem.has_waiters())
    cover("collect_procs_file had to wait for i_mmap_rwsem");
  if (sem.writer() == kNoThread && sem.readers() != 0 && sem.has_waiters())
    cover("collect_procs_file queued for i_mmap_rwsem (read) behind a waiting writer");
  w.mapping.i_mmap_rwsem.down_read();
  (void)w.mapping.i_mmap.load();  // vma_interval_tree_foreach
  w.mapping.i_mmap_rwsem.up_read();
}

}  // namespace

// memory_failure, mm/memory-failure.c v5.6/v5.7, for a mapped page-cache
// huge page: get_hwpoison_page, lock_page, hwpoison_user_mappings
// (try_to_unmap; v5.7 under hugetlb_page_mapping_lock_write with
// TTU_RMAP_LOCKED), unlock_page. The poisoned page keeps its reference.
bool memory_failure(World& w, int page) {
  HugePage& p = w.page[page];
  check(!p.anon, "model: memory_failure of an anon page is not modelled (collect_procs_anon)");
  p.refcount.get();  // get_hwpoison_page
  p.PG_locked.lock();
  // hwpoison_user_mappings: "First collect all the processes that have the
  // page mapped in dirty form. This has to be done before try_to_unmap,
  // because ttu takes the rmap data structures down."
  collect_procs_file(w, page);
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
