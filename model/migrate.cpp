// Migration of a hugetlbfs page-cache page: mm/migrate.c
// unmap_and_move_huge_page, move_to_new_page, migrate_huge_page_move_mapping
// (via fs/hugetlbfs/inode.c hugetlbfs_migrate_page), remove_migration_ptes /
// remove_migration_pte, putback_active_hugepage.
//
// Forms, by variant (one per kernel; a variant without a modelled form is
// a model error, see unmap_and_move_huge_page):
//   v5.6 ("before", "reverted"): try_to_unmap takes i_mmap_rwsem (read)
//     itself, under the page lock; remove_migration_ptes likewise.
//   v5.0-rc1 / "naive" (b43a99900559): i_mmap_lock_write under the page lock
//     around try_to_unmap(TTU_RMAP_LOCKED); remove_migration_ptes unlocked
//     [RECALL: whether the 2018 patch kept the write lock across it is not
//     verified; the deadlock comes first].
//   v5.7 ("patch1", "after", c0d0381ade79): hugetlb_page_mapping_lock_write
//     (trylock, else drop the page lock and take both in order), then
//     try_to_unmap(TTU_RMAP_LOCKED), move_to_new_page and
//     remove_migration_ptes(..., true) all under i_mmap_rwsem write ("Leave
//     mapping locked until after subsequent call to remove_migration_ptes()").
//   v5.10 ("v5.10", "v5.11", "v6.x"; 336bf30eb765): trylock only (else
//     -EAGAIN), i_mmap_rwsem dropped right after try_to_unmap;
//     remove_migration_ptes(..., false) takes the read lock under the page
//     lock.
//   Jan 2026 ("v6.x-fixed", Wilcox): as v5.10, but the write lock is kept
//     across remove_migration_ptes (RMP_LOCKED) for file folios.
//
// Lock order obeyed here:
//   v5.6: PG_locked (old page; then the new page, by trylock while it is
//     private) -> i_mmap_rwsem (read, rmap_walk_file) -> pmd page ptl;
//     PG_locked -> mapping->i_pages xa_lock (migrate_huge_page_move_mapping)
//   v5.0-rc1: PG_locked -> i_mmap_rwsem (WRITE) -> ptl: the order
//     c86aa7bbfd55's eviction inverts (§6.a).
//   v5.7, v6.x-fixed: i_mmap_rwsem (write; under the page lock only by
//     trylock) -> PG_locked -> ptl / xa_lock
//   v5.10, v6.x: as v5.7 for try_to_unmap, then PG_locked -> i_mmap_rwsem
//     (read) in remove_migration_ptes: the 2026 ABBA with hole punch.
//
// Anon pages (MAP_PRIVATE copies) need the anon rmap of model/anon_vma.hpp
// (page_get_anon_vma, rmap_walk_anon); in v5.7 they go through
// hugetlb_page_mapping_lock_write and TTU_RMAP_LOCKED like file pages, so
// try_to_unmap and remove_migration_ptes walk the anon_vma tree with no
// anon_vma lock (the 336bf30eb765 race); from v5.10 they take neither
// i_mmap_rwsem nor TTU_RMAP_LOCKED. Lock order for them:
//   v5.6, v5.10: PG_locked -> anon_vma->rwsem (read) -> ptl
//   v5.7: i_mmap_rwsem (write, trylock under PG_locked or the slow path) ->
//     PG_locked -> anon_vma->rwsem (read, in _get_hugetlb_page_mapping
//     only) -> ptl
//
// Left out: the mmu notifier and TLB flush, move_hugetlb_state, the retries of
// migrate_pages (one attempt; on -EAGAIN the isolation reference is put back
// as putback_movable_pages would), page copying. In the v6.1 variants
// try_to_migrate_one trylocks the hugetlb vma_lock for write before
// huge_pmd_unshare; the model's try_to_unmap_one (model/rmap.cpp) stands for
// it and does the same.
#include "model/hugetlb.hpp"

namespace mmcheck::model {

namespace {

constexpr int kEAGAIN = -11;
constexpr int kENOMEM = -12;

// remove_migration_pte for one VMA, hugetlb part: under the ptl, a
// migration entry for `old_page` becomes a pte for `page` (get_page,
// set_huge_pte_at, page_dup_rmap). No rss change (try_to_unmap made none).
void remove_migration_pte(World& w, int vma, int old_page, int page) {
  const int mm = w.vma[vma].mm;
  const Ptep ptep = huge_pte_offset(w, mm, w.page[old_page].index);
  if (!ptep) return;
  SpinLock& ptl = huge_pte_lockptr(w, ptep);
  ptl.lock();
  const pte_t e = huge_ptep_get(w, ptep);
  if (is_hugetlb_entry_migration(e) && pte_page(e) == old_page) {
    w.page[page].refcount.get();
    set_huge_pte_at(w, mm, ptep, make_huge_pte(page), "remove_migration_pte");
    w.page[page].mapcount.fetch_add(1);  // page_dup_rmap
  }
  ptl.unlock();
}

// remove_migration_ptes(old, new, locked): rmap_walk of the new page (or
// of the old one if the move failed); for a file page i_mmap_rwsem for read
// unless locked; for an anon page rmap_walk_anon (anon_vma_lock_read unless
// locked: rmap_walk_locked takes no anon_vma lock, the 336bf30eb765 race).
// For an anon page remove_migration_pte calls hugepage_add_anon_rmap instead
// of page_dup_rmap: the same mapcount step here.
void remove_migration_ptes(World& w, int old_page, int page, bool locked) {
  if (w.page[page].anon) {
    rmap_walk_anon(
        w, page, locked ? AnonWalkLock::caller_holds : AnonWalkLock::anon_vma_lock_read,
        [&](int vma) {
          remove_migration_pte(w, vma, old_page, page);
          return true;
        },
        nullptr);
    return;
  }
  if (!locked) w.mapping.i_mmap_rwsem.down_read();
  const unsigned i_mmap = w.mapping.i_mmap.load();
  for (int v = 0; v < static_cast<int>(w.vma.size()); ++v)
    if (i_mmap & (1u << v)) remove_migration_pte(w, v, old_page, page);
  if (!locked) w.mapping.i_mmap_rwsem.up_read();
}

// migrate_huge_page_move_mapping, mm/migrate.c v5.0: under xa_lock, if the
// page's count is the expected 2 (page cache + isolation) and the slot
// still holds it (page_ref_freeze), put the new page in the slot with a
// reference for the page cache and drop the old page's page-cache one.
int migrate_huge_page_move_mapping(World& w, int newpage, int page) {
  const int idx = w.page[page].index;
  w.mapping.xa_lock.lock();
  if (w.page[page].refcount.read() != 2 || w.mapping.page_cache[idx].load() != page) {
    w.mapping.xa_lock.unlock();
    return kEAGAIN;
  }
  w.page[newpage].index = idx;  // newpage->index, ->mapping: still private
  w.page[newpage].refcount.get();
  w.mapping.page_cache[idx].store(newpage);  // xas_store
  w.page[page].refcount.put();               // page_ref_unfreeze(page, expected - 1)
  w.mapping.xa_lock.unlock();
  return 0;
}

// alloc_huge_page_node for the new page: from the pool, not reserved.
int get_new_page(World& w) {
  w.h.hugetlb_lock.lock();
  const long free = w.h.free_huge_pages.load();
  if (free - w.h.resv_huge_pages.load() <= 0 ||
      w.ghost.next_page >= static_cast<int>(w.page.size())) {
    w.h.hugetlb_lock.unlock();
    return kNone;
  }
  const int page = w.ghost.next_page++;
  w.h.free_huge_pages.fetch_add(-1);
  w.page[page].refcount.poke(1);  // private until it is in the page cache
  w.h.hugetlb_lock.unlock();
  return page;
}

// putback_active_hugepage: under hugetlb_lock, back on the active list
// (no state here); put_page.
void putback_active_hugepage(World& w, int page) {
  w.h.hugetlb_lock.lock();
  w.h.hugetlb_lock.unlock();
  put_page(w, page);
}

}  // namespace

// unmap_and_move_huge_page, mm/migrate.c (the forms above), forced
// synchronous mode. The caller isolated hpage (isolate_huge_page: a
// reference) while it was still mapped.
int unmap_and_move_huge_page(World& w, int hpage) {
  HugePage& old = w.page[hpage];
  check(!old.anon || old.anon_vma != kNone,
        "model: migration of an anon page in a world without an anon rmap (setup_anon_vma_fork)");
  const bool v5_6_form = !w.v.hugetlb_unmap_under_i_mmap_write;
  const int new_hpage = get_new_page(w);
  if (new_hpage == kNone) {
    putback_active_hugepage(w, hpage);
    return kENOMEM;
  }
  old.PG_locked.lock();  // trylock_page failed, force && MIGRATE_SYNC: lock_page
  // page_private(hpage) && !page_mapping(hpage): page_private is the
  // subpool pointer, NULL in the model (no subpools), so never -EBUSY.
  // "if (PageAnon(hpage)) anon_vma = page_get_anon_vma(hpage);"
  const int anon_vma = old.anon ? page_get_anon_vma(w, hpage) : kNone;
  // trylock_page(new_hpage): nobody else can see the new page yet.
  w.page[new_hpage].PG_locked.lock();
  bool page_was_mapped = false;
  bool mapping_locked = false;
  int rc = kEAGAIN;
  if (old.mapcount.load() > 0) {  // page_mapped
    if (v5_6_form) {
      try_to_unmap(w, hpage, false, true);
      page_was_mapped = true;
    } else if (old.anon && w.v.mapping_lock_write_trylock_only) {
      // 336bf30eb765: "if (!PageAnon(hpage))" around the i_mmap_rwsem and
      // TTU_RMAP_LOCKED: an anon page is unmapped by a plain try_to_unmap,
      // whose rmap_walk_anon takes the anon_vma lock.
      cover("migration unmaps an anon page without i_mmap_rwsem (336bf30eb765)");
      try_to_unmap(w, hpage, false, true);
      page_was_mapped = true;
    } else if (w.v.i_mmap_write_under_page_lock) {
      check(!old.anon, "model: the 2018 form's i_mmap_lock_write(NULL) of an anon page (§6.a)");
      // b43a99900559: "try_to_unmap could potentially call
      // huge_pmd_unshare. Because of this, take semaphore in write mode here
      // and set TTU_RMAP_LOCKED to let lower levels know we have taken the
      // lock."
      cover("migration takes i_mmap_rwsem for write under the page lock");
      w.mapping.i_mmap_rwsem.down_write();
      try_to_unmap(w, hpage, true, true);
      w.mapping.i_mmap_rwsem.up_write();
      page_was_mapped = true;
    } else if (hugetlb_page_mapping_lock_write(w, hpage)) {
      mapping_locked = true;
      try_to_unmap(w, hpage, true, true);  // TTU_RMAP_LOCKED
      page_was_mapped = true;
      if (w.v.mapping_lock_write_trylock_only && !w.v.migration_rmp_locked) {
        // 336bf30eb765: "if (mapping_locked) i_mmap_unlock_write(mapping);"
        // right after try_to_unmap.
        w.mapping.i_mmap_rwsem.up_write();
        mapping_locked = false;
      }
    } else {
      // "if (unlikely(!mapping)) goto unlock_put_anon;" with rc -EAGAIN
      w.page[new_hpage].PG_locked.unlock();
      if (anon_vma != kNone) put_anon_vma(w, anon_vma);  // put_anon
      old.PG_locked.unlock();
      putback_active_hugepage(w, new_hpage);
      putback_active_hugepage(w, hpage);
      return kEAGAIN;
    }
  }
  if (old.mapcount.load() == 0) {  // !page_mapped: move_to_new_page
    rc = old.anon ? migrate_anon_huge_page(w, new_hpage, hpage)
                  : migrate_huge_page_move_mapping(w, new_hpage, hpage);
    if (rc == 0)
      cover(old.anon ? "migration moved an anon page to a new page"
                     : "migration moved the page to a new page");
  }
  if (page_was_mapped) {
    if (!mapping_locked && w.v.mapping_lock_write_trylock_only)
      cover("migration calls remove_migration_ptes unlocked under the page lock");
    remove_migration_ptes(w, hpage, rc == 0 ? new_hpage : hpage, mapping_locked);
  }
  if (mapping_locked) w.mapping.i_mmap_rwsem.up_write();
  w.page[new_hpage].PG_locked.unlock();
  if (anon_vma != kNone) put_anon_vma(w, anon_vma);  // put_anon
  old.PG_locked.unlock();
  if (rc != kEAGAIN) putback_active_hugepage(w, hpage);  // drops the isolation reference
  putback_active_hugepage(w, new_hpage);                 // put_new_page == NULL
  if (rc == kEAGAIN) putback_active_hugepage(w, hpage);  // migrate_pages gives up: putback
  return rc;
}

}  // namespace mmcheck::model
