// The hugetlb fault path for a MAP_SHARED hugetlbfs mapping: mm/hugetlb.c
// hugetlb_fault, hugetlb_no_page, alloc_huge_page, huge_add_to_page_cache,
// restore_reserve_on_error, free_huge_page (v5.6 and v5.7).
//
// Lock order obeyed here:
//   v5.7 ("patch1", "after"):
//     mapping->i_mmap_rwsem (read, from before huge_pte_alloc until done with ptep)
//       hugetlb_fault_mutex[idx]
//         page->flags PG_locked
//           pmd page ptl
//             hugetlb_lock
//   v5.6 ("before"): i_mmap_rwsem only inside huge_pmd_share (read), dropped
//   before the fault mutex; the fault uses ptep under the fault mutex alone.
//   v6.1 ("v6.1", "v6.x*"): hugetlb_fault_mutex[idx] -> the VMA's vma_lock
//   (read, until done with ptep) -> i_mmap_rwsem (read, inside
//   huge_pmd_share only) ... -> PG_locked -> ptl (model/vma_lock.hpp).
//
// MAP_PRIVATE: only a write fault on a present write-protected pte
// (hugetlb_cow, model/cow.cpp) and the HPAGE_RESV_UNMAPPED SIGBUS; left out
// everywhere: the private no-page path (anon rmap), userfaultfd, migration entries, subpools
// (the filesystem is mounted without size limits: spool == NULL), cgroup
// charging, surplus pages (the pool is fixed), page clearing.
#include "model/hugetlb.hpp"

namespace mmcheck::model {

void hugetlb_count_add(World& w, int mm, long n) { w.mm[mm].hugetlb_usage.fetch_add(n); }

// hugetlb_count_sub: the kernel debits whichever mm zaps the pte, and
// charged whichever mm faulted it; with shared PMD pages the two differ, so
// a single mm's counter may legitimately go negative (the kernel never
// checks it). Invariant 4 is therefore checked on the sum over all mms
// (model/invariants.cpp).
void hugetlb_count_sub(World& w, int mm, long n) { w.mm[mm].hugetlb_usage.fetch_add(-n); }

// free_huge_page, mm/hugetlb.c v5.6: restore_reserve = PagePrivate;
// ClearPagePrivate; under hugetlb_lock: if (restore_reserve)
// resv_huge_pages++; enqueue_huge_page (free_huge_pages++).
void free_huge_page(World& w, int page) {
  HugePage& p = w.page[page];
  const bool restore_reserve = p.PagePrivate.load();
  if (restore_reserve) p.PagePrivate.store(false);
  w.h.hugetlb_lock.lock();
  if (restore_reserve) w.h.resv_huge_pages.fetch_add(1);
  w.h.free_huge_pages.fetch_add(1);
  w.h.hugetlb_lock.unlock();
}

// put_page on a huge data page: free_huge_page at refcount 0.
void put_page(World& w, int page) {
  if (w.page[page].refcount.put() == 0) free_huge_page(w, page);
}

// hugetlb_acct_memory, mm/hugetlb.c v5.6, without cpusets and surplus:
// delta > 0: gather_surplus_pages (needed = resv + delta - free; if
// needed <= 0, resv += delta, else -ENOMEM: the model has no surplus);
// delta < 0: return_unused_surplus_pages: resv -= -delta.
void hugetlb_acct_memory(World& w, long delta) {
  w.h.hugetlb_lock.lock();
  if (delta > 0) {
    const long needed = w.h.resv_huge_pages.load() + delta - w.h.free_huge_pages.load();
    if (needed <= 0) w.h.resv_huge_pages.fetch_add(delta);
  } else if (delta < 0) {
    w.h.resv_huge_pages.fetch_add(delta);
  }
  w.h.hugetlb_lock.unlock();
}

// alloc_huge_page, mm/hugetlb.c v5.6 (= v5.7 here), shared mapping:
//   map_chg = vma_needs_reservation (region_chg: 1 if idx has no resv_map
//   entry); under hugetlb_lock dequeue_huge_page_vma: with no reservation
//   (chg != 0) fail if free - resv == 0; free_huge_pages--; if
//   vma_has_reserves (chg == 0) { SetPagePrivate; resv_huge_pages-- };
//   then vma_commit_reservation (region_add). A single-index region
//   operation is one atomic step (it runs under resv_map->lock).
// Returns the page (refcount 1), or kNone (-ENOSPC: SIGBUS).
int alloc_huge_page(World& w, int /*mm*/, int idx) {
  const bool map_chg = !w.mapping.resv_map[idx].load();  // vma_needs_reservation
  w.h.hugetlb_lock.lock();
  const long free = w.h.free_huge_pages.load();
  if (map_chg && free - w.h.resv_huge_pages.load() == 0) {
    w.h.hugetlb_lock.unlock();
    return kNone;
  }
  check(free > 0 && w.ghost.next_page < static_cast<int>(w.page.size()),
        "model: dequeue_huge_page_vma found no free huge page (resv_huge_pages > free_huge_pages)");
  const int page = w.ghost.next_page++;
  w.h.free_huge_pages.fetch_add(-1);
  HugePage& p = w.page[page];
  // The dequeued page is private to this thread until it is published in
  // the page cache: set_page_refcounted and SetPagePrivate are no steps.
  p.refcount.poke(1);
  p.index = idx;
  if (!map_chg) {  // vma_has_reserves
    p.PagePrivate.poke(true);
    w.h.resv_huge_pages.fetch_add(-1);
  }
  w.h.hugetlb_lock.unlock();
  // vma_commit_reservation: region_add returns how many entries it added.
  const bool added = !w.mapping.resv_map[idx].exchange(true);
  if (map_chg && !added) {
    // Someone added the entry since region_chg: hugepage_subpool_put_pages
    // + hugetlb_acct_memory(h, -1).
    hugetlb_acct_memory(w, -1);
  }
  return page;
}

// huge_add_to_page_cache, mm/hugetlb.c v5.6: add_to_page_cache
// (__SetPageLocked, get_page, insert; -EEXIST if the index is taken),
// ClearPagePrivate (the page cache page now stands for the reservation),
// set_page_dirty (left out), i_blocks += blocks_per_huge_page.
// Returns 0 or -EEXIST (-17).
int huge_add_to_page_cache(World& w, int page, int idx) {
  HugePage& p = w.page[page];
  p.PG_locked.lock();  // __SetPageLocked on a page nobody else can see yet
  p.refcount.get();
  int expected = kNone;
  if (!w.mapping.page_cache[idx].compare_exchange(expected, page)) {
    p.refcount.put();
    p.PG_locked.unlock();  // __ClearPageLocked
    return -17;
  }
  p.PagePrivate.store(false);
  w.mapping.i_blocks.fetch_add(1);
  return 0;
}

// restore_reserve_on_error, mm/hugetlb.c v5.6: only if PagePrivate is still
// set (the page never reached the page cache): if vma_needs_reservation
// says the entry is gone, vma_add_reservation puts it back, so that
// free_huge_page's resv_huge_pages++ matches an entry.
void restore_reserve_on_error(World& w, int page, int idx) {
  if (w.page[page].PagePrivate.load()) {
    if (!w.mapping.resv_map[idx].load()) w.mapping.resv_map[idx].store(true);
  }
}

// hugetlb_no_page, mm/hugetlb.c, v5.6 and v5.7 (87bf91d39bb5), shared
// mapping. Called with hugetlb_fault_mutex[idx] (and in v5.7 i_mmap_rwsem
// read) held. Left out: HPAGE_RESV_UNMAPPED, userfaultfd, hwpoisoned page
// found in the page cache, private write faults.
VmFault hugetlb_no_page(World& w, int mm, int idx, Ptep ptep) {
  AddressSpace& mapping = w.mapping;
  if (w.private_mappings) {
    // is_vma_resv_set(vma, HPAGE_RESV_UNMAPPED): "PID %d killed due to
    // inadequate hugepage pool". Only private mappings ever set it.
    if (w.vma[mm].vm_private_data.load() & HPAGE_RESV_UNMAPPED) {
      cover("hugetlb_no_page returned SIGBUS: unmap_ref_private took this VMA's page");
      return VmFault::sigbus;
    }
    check(w.vma[mm].vm_flags.peek() & VM_MAYSHARE,
          "model: hugetlb_no_page on a MAP_PRIVATE mapping is not modelled");
  }
  const bool single_check = w.v.i_size_under_i_mmap_rwsem;
  if (single_check) {
    // v5.7: i_size only changes under i_mmap_rwsem write, which we exclude.
    if (idx >= mapping.i_size.load()) {
      cover("hugetlb_no_page returned SIGBUS: the fault saw the new i_size");
      return VmFault::sigbus;
    }
  }
  bool new_page = false;
  int page;
retry:
  // find_lock_page: find_get_page (get_page), lock_page, recheck mapping.
  page = mapping.page_cache[idx].load();
  if (page != kNone) {
    cover("hugetlb_no_page found the page in the page cache");
    w.page[page].refcount.get();
    w.page[page].PG_locked.lock();
    if (mapping.page_cache[idx].load() != page) {  // page->mapping != mapping
      w.page[page].PG_locked.unlock();
      put_page(w, page);
      goto retry;
    }
  } else {
    if (!single_check && idx >= mapping.i_size.load()) {  // v5.6 check #1
      cover("hugetlb_no_page returned SIGBUS: the fault saw the new i_size");
      return VmFault::sigbus;
    }
    page = alloc_huge_page(w, mm, idx);
    if (page == kNone) return VmFault::sigbus;
    // clear_huge_page, __SetPageUptodate: no shared state.
    new_page = true;
    const int err = huge_add_to_page_cache(w, page, idx);
    if (err) {
      put_page(w, page);
      if (err == -17) goto retry;
      return VmFault::oom;
    }
  }
  {
    SpinLock& ptl = huge_pte_lockptr(w, ptep);
    ptl.lock();  // huge_pte_lock(h, mm, ptep)
    bool backout = false;
    // v5.6 check #2; v6.1 (fa27759af4a6) removed it again: "truncation code
    // will soon remove the page" (model/vma_lock.hpp).
    if (!single_check && !w.v.hugetlb_vma_lock && idx >= mapping.i_size.load()) {
      backout = true;
      if (new_page) {
        cover("hugetlb_no_page backed out a page it had added to the page cache beyond i_size");
        w.ghost.stray_page = page;
      }
    } else if (!huge_pte_none(huge_ptep_get(w, ptep))) {
      backout = true;
    }
    if (backout) {
      ptl.unlock();
      w.page[page].PG_locked.unlock();
      restore_reserve_on_error(w, page, idx);
      put_page(w, page);
      return VmFault::ok;
    }
    if (w.ghost.truncate_wants_i_mmap && w.v.fault_holds_i_mmap_rwsem)
      cover("a fault installed its pte while truncation waited for i_mmap_rwsem");
    w.page[page].mapcount.fetch_add(1);  // page_dup_rmap
    set_huge_pte_at(w, mm, ptep, make_huge_pte(page), "hugetlb_no_page");
    hugetlb_count_add(w, mm, 1);
    ptl.unlock();
    // set_page_huge_active: no shared state the model reads.
    w.page[page].PG_locked.unlock();
  }
  return VmFault::ok;
}

// hugetlb_fault, mm/hugetlb.c, v5.6 and v5.7 (+34ae204f1851), for a shared
// mapping and a write fault. v5.6: ptep from huge_pte_offset, else
// huge_pte_alloc (i_mmap_rwsem taken and dropped inside huge_pmd_share);
// then the fault mutex; ptep is used under the fault mutex only. v5.7:
// huge_pte_offset only for the migration/hwpoison check; i_mmap_rwsem read,
// then huge_pte_alloc, held until ptep is no longer used. A present pte:
// a MAP_PRIVATE write-protected one goes to hugetlb_cow (model/cow.cpp); a
// shared writable one needs nothing (the access-flag update writes nothing
// for an entry that is already young and dirty). The prelude's wait on a
// migration entry is migration_entry_wait_huge above.
// migration_entry_wait_huge(vma, mm, pte), mm/migrate.c v5.6 = v5.7:
// ptl = huge_pte_lockptr(h, mm, pte); __migration_entry_wait: spin_lock(ptl);
// re-read the entry; if it is no longer a migration entry, unlock and
// return; else get_page_unless_zero(page), unlock, put_and_wait_on_page_locked.
// The ptl is the one of the PMD page the lockless walk found: if that page
// was freed, the spin_lock is the use the rule in model/pagetable.cpp names.
// The wait for the page lock is a lock and unlock of PG_locked with no other
// lock held (no lock-order edge; it blocks exactly while the page is locked).
void migration_entry_wait_huge(World& w, int /*mm*/, Ptep ptep) {
  SpinLock& ptl = huge_pte_lockptr(w, ptep);
  ptl.lock();
  const pte_t e = huge_ptep_get(w, ptep);
  if (!is_hugetlb_entry_migration(e)) {
    ptl.unlock();
    return;
  }
  const int page = pte_page(e);
  w.page[page].refcount.get();  // get_page_unless_zero: migration holds a reference
  ptl.unlock();
  cover("migration_entry_wait_huge waited for a page under migration");
  w.page[page].PG_locked.lock();  // put_and_wait_on_page_locked
  w.page[page].PG_locked.unlock();
  put_page(w, page);
}

VmFault hugetlb_fault(World& w, int mm, int slot) {
  const int idx = slot;  // vma_hugecache_offset with vm_pgoff 0
  Ptep ptep = huge_pte_offset(w, mm, slot);
  if (ptep) {
    // "Since we hold no locks, ptep could be stale. That is OK as we are
    // only making decisions based on content and not actually modifying
    // content here." (v5.7; the read rule in model/pagetable.cpp)
    const pte_t entry = huge_ptep_get_lockless(w, ptep);
    if (is_hugetlb_entry_migration(entry)) {
      migration_entry_wait_huge(w, mm, ptep);
      return VmFault::ok;  // the access is retried by the caller (left out)
    }
    if (is_hugetlb_entry_hwpoisoned(entry)) return VmFault::hwpoison;
  } else if ((!w.v.fault_holds_i_mmap_rwsem && !w.v.hugetlb_vma_lock) ||
             w.v.fault_stray_unlocked_huge_pte_alloc) {
    ptep = huge_pte_alloc(w, mm, slot);
  }
  if (w.v.fault_holds_i_mmap_rwsem) {
    // "Acquire i_mmap_rwsem before calling huge_pte_alloc and hold until
    // finished with ptep. This prevents huge_pmd_unshare from being called
    // elsewhere and making the ptep no longer valid."
    w.mapping.i_mmap_rwsem.down_read();
    ptep = huge_pte_alloc(w, mm, slot);
  }
  Mutex& fault_mutex = w.hugetlb_fault_mutex_table[idx];
  fault_mutex.lock();
  if (w.v.hugetlb_vma_lock) {
    // v6.1 (40549ba8f8e0): "Acquire vma lock before calling huge_pte_alloc
    // and hold until finished with ptep. This prevents huge_pmd_unshare
    // from being called elsewhere and making the ptep no longer valid."
    // The fault mutex comes first; huge_pmd_share takes i_mmap_rwsem.
    hugetlb_vma_lock_read(w, mm);
    w.ghost.fault_holds_vma_lock[mm] = true;
    ptep = huge_pte_alloc(w, mm, slot);
  }
  w.ghost.fault_ptep[mm] = ptep.pmd;
  // The pointer the race is about: the views show it beside this step.
  note("ptep", ptep_name(w, ptep));
  VmFault ret = VmFault::ok;
  const pte_t entry = huge_ptep_get(w, ptep);
  if (huge_pte_none(entry)) {
    ret = hugetlb_no_page(w, mm, idx, ptep);
  } else if (pte_present(entry)) {
    // A write fault on a write-protected pte (in the model only MAP_PRIVATE
    // ptes after fork are): vma_needs_reservation/vma_end_reservation (the
    // private resv_map, left out) and, for a private mapping, the page
    // cache page, looked up and locked before the ptl.
    const bool cow = !huge_pte_write(entry);
    int pagecache_page = kNone;
    bool pagecache_page_locked = true;  // hugetlb_wp may unlock it (2025 fix)
    if (cow && !(w.vma[mm].vm_flags.load() & VM_MAYSHARE))
      pagecache_page = hugetlbfs_pagecache_page(w, idx);
    SpinLock& ptl = huge_pte_lockptr(w, ptep);
    ptl.lock();
    if (huge_ptep_get(w, ptep) == entry) {
      // "hugetlb_cow() requires page locks of pte_page(entry) and
      // pagecache_page, so here we need take the former one when page !=
      // pagecache_page or !pagecache_page."
      const int page = pte_page(entry);
      if (page == pagecache_page || w.page[page].PG_locked.try_lock()) {
        w.page[page].refcount.get();
        if (cow) ret = hugetlb_cow(w, mm, idx, ptep, pagecache_page, &pagecache_page_locked);
        if (page != pagecache_page) w.page[page].PG_locked.unlock();
        put_page(w, page);
      }  // else need_wait_lock: wait_on_page_locked after the unlocks (no state)
    }
    ptl.unlock();
    if (pagecache_page != kNone) {
      if (pagecache_page_locked) w.page[pagecache_page].PG_locked.unlock();
      put_page(w, pagecache_page);
    }
  }
  w.ghost.fault_ptep[mm] = kNone;
  if (w.v.hugetlb_vma_lock) {  // out_mutex: hugetlb_vma_unlock_read, then the mutex
    hugetlb_vma_unlock_read(w, mm);
    w.ghost.fault_holds_vma_lock[mm] = false;
  }
  fault_mutex.unlock();
  if (w.v.fault_holds_i_mmap_rwsem) w.mapping.i_mmap_rwsem.up_read();
  return ret;
}

}  // namespace mmcheck::model
