// Copy-on-write of a MAP_PRIVATE hugetlb page in a write fault: mm/hugetlb.c
// hugetlb_cow, unmap_ref_private, hugetlbfs_pagecache_page and the
// allocation of the copy, v5.7 (c0d0381ade79: the fault holds i_mmap_rwsem
// for read) and v5.11 ("mm/hugetlb: fix deadlock in hugetlb_cow error
// path", Dec 2020).
//
// Lock order obeyed here (entered from hugetlb_fault):
//   mapping->i_mmap_rwsem (read; v5.7 on)
//     hugetlb_fault_mutex[idx]
//       page->flags PG_locked (pagecache_page; the pte's page by trylock)
//         pmd page ptl (dropped around the allocation and unmap_ref_private)
//           hugetlb_lock
// except unmap_ref_private's i_mmap_rwsem (write), taken with the page
// lock(s) held: in v5.6 and v5.7 also with the fault mutex held, and in v5.7
// while this very fault holds i_mmap_rwsem for read (the self-deadlock);
// v5.11 drops the fault mutex and i_mmap_rwsem first and retakes both,
// i_mmap_rwsem then the fault mutex, still under the page lock(s); v6.1
// (hugetlb_wp) drops the vma_lock (read; none on a MAP_PRIVATE VMA) and the
// fault mutex and retakes the fault mutex then the vma_lock; v6.x (Gavin
// Guo, 2025) unlocks pagecache_page before dropping the fault mutex.
//
// Left out: the mmu notifier and TLB flush, copy_user_huge_page (the copy
// is private to this thread until it is mapped), anon_vma_prepare and
// page_move_anon_rmap (anon rmap is not modelled), the private resv_map
// (vma_needs_reservation/vma_end_reservation and restore_reserve_on_error:
// no allocation here consumes a reservation, so PagePrivate is never set),
// surplus pages.
#include "model/hugetlb.hpp"

namespace mmcheck::model {

namespace {

// alloc_huge_page(vma, haddr, avoid_reserve), mm/hugetlb.c v5.7, for an
// allocation that uses no reservation (the owner's COW with
// outside_reserve, or a child's COW, which has no reserves):
// dequeue_huge_page_vma under hugetlb_lock needs a free page that is not
// reserved, and alloc_buddy_huge_page_with_mpol fails (no surplus pages).
// The choose() is the rest of the system: it may have used the pool up.
// Returns the page (refcount 1) or kNone (-ENOSPC).
int alloc_huge_page_nores(World& w, int idx) {
  const bool pool_left_to_us = choose(2) == 1;
  w.h.hugetlb_lock.lock();
  const long free = w.h.free_huge_pages.load();
  if (!pool_left_to_us || free - w.h.resv_huge_pages.load() <= 0) {
    w.h.hugetlb_lock.unlock();
    return kNone;
  }
  check(w.ghost.next_page < static_cast<int>(w.page.size()),
        "model: the huge page pool has fewer pages than free_huge_pages says");
  const int page = w.ghost.next_page++;
  w.h.free_huge_pages.fetch_add(-1);
  HugePage& p = w.page[page];
  // Private to this thread until it is mapped: no steps.
  p.refcount.poke(1);
  p.index = idx;
  p.anon = true;
  w.h.hugetlb_lock.unlock();
  return page;
}

}  // namespace

// hugetlbfs_pagecache_page -> find_lock_page(mapping, idx), mm/hugetlb.c:
// find_get_page (get_page), lock_page, recheck that the page is still in
// the page cache at idx (else unlock, put and look again).
int hugetlbfs_pagecache_page(World& w, int idx) {
  for (;;) {
    const int page = w.mapping.page_cache[idx].load();
    if (page == kNone) return kNone;
    w.page[page].refcount.get();
    w.page[page].PG_locked.lock();
    if (w.mapping.page_cache[idx].load() == page) return page;
    w.page[page].PG_locked.unlock();
    put_page(w, page);
  }
}

// unmap_ref_private, mm/hugetlb.c v5.6 = v5.7 = v5.11: with i_mmap_rwsem
// held for write, walk the file's VMAs at this offset and, in every other
// private VMA that does not own the reservations, unmap the page (with
// ref_page, so only a pte mapping this page goes, and that VMA is marked
// HPAGE_RESV_UNMAPPED: it gets SIGBUS if it faults there again).
void unmap_ref_private(World& w, int mm, int page, int idx) {
  const int vma = mm;  // the faulting mm's only VMA
  w.mapping.i_mmap_rwsem.down_write();
  const unsigned i_mmap = w.mapping.i_mmap.load();  // vma_interval_tree_foreach
  for (int v = 0; v < static_cast<int>(w.vma.size()); ++v) {
    if (!(i_mmap & (1u << v)) || v == vma) continue;  // "Do not unmap the current VMA"
    if (w.vma[v].vm_flags.load() & VM_MAYSHARE) continue;
    if (!(w.vma[v].vm_private_data.load() & HPAGE_RESV_OWNER)) {
      cover("unmap_ref_private unmapped the page from a child");
      unmap_hugepage_range(w, v, idx, idx + 1, page);
    }
  }
  w.mapping.i_mmap_rwsem.up_write();
}

// hugetlb_cow, mm/hugetlb.c v5.7 (v5.11 with the error-path fix), for a
// write fault on the write-protected pte at ptep. Entered and left with the
// ptl held. Reuses the page if this is its only mapping (PageAnon, mapcount
// 1); else allocates a copy and maps it; if the allocation fails in the
// reservation owner, takes the page away from the children
// (unmap_ref_private) and tries the reuse again.
VmFault hugetlb_cow(World& w, int mm, int idx, Ptep ptep, int pagecache_page,
                    bool* pagecache_page_locked) {
  const int vma = mm;
  SpinLock& ptl = huge_pte_lockptr(w, ptep);
  const pte_t pte = huge_ptep_get(w, ptep);
  const int old_page = pte_page(pte);
  HugePage& old = w.page[old_page];
  for (;;) {  // retry_avoidcopy:
    // "If no-one else is actually using this page, avoid the copy and just
    // make the page writable" (page_move_anon_rmap, set_huge_ptep_writable).
    if (old.mapcount.load() == 1 && old.anon) {
      cover("hugetlb_cow reused the page (its only mapping)");
      set_huge_pte_at(w, mm, ptep, make_huge_pte(old_page), "hugetlb_cow");
      return VmFault::ok;
    }
    // The mapper owning the reservations, COWing a page that is not the
    // page cache page, allocates without using them.
    const bool outside_reserve =
        (w.vma[vma].vm_private_data.load() & HPAGE_RESV_OWNER) && old_page != pagecache_page;
    old.refcount.get();
    // "Drop page table lock as buddy allocator may be called."
    ptl.unlock();
    const int new_page = alloc_huge_page_nores(w, idx);
    if (new_page == kNone) {
      if (!outside_reserve) {
        put_page(w, old_page);   // out_release_old
        ptl.lock();              // "Caller expects lock to be held"
        return VmFault::sigbus;  // vmf_error(-ENOSPC)
      }
      // "If a process owning a MAP_PRIVATE mapping fails to COW, it is due
      // to references held by a child and an insufficient huge page pool.
      // To guarantee the original mappers reliability, unmap the page from
      // child processes."
      cover("hugetlb_cow's allocation failed in the owner: unmap_ref_private");
      put_page(w, old_page);
      if (w.v.cow_unlocks_pagecache_page_first && pagecache_page != kNone) {
        // 2025 (Gavin Guo): "The pagecache_folio has to be unlocked to avoid
        // deadlock and we won't re-lock it in hugetlb_wp()."
        cover("hugetlb_cow unlocked the page-cache page before dropping the fault mutex");
        w.page[pagecache_page].PG_locked.unlock();
        if (pagecache_page_locked) *pagecache_page_locked = false;
      }
      Mutex& fault_mutex = w.hugetlb_fault_mutex_table[idx];
      const bool drop = w.v.cow_unlocks_around_unmap_ref_private;
      if (drop && w.v.hugetlb_vma_lock) {
        // v6.1 hugetlb_wp: "Drop hugetlb_fault_mutex and vma_lock before
        // unmapping. unmapping needs to hold vma_lock in write mode."
        hugetlb_vma_unlock_read(w, vma);
        fault_mutex.unlock();
      } else if (drop) {
        // v5.11: "Drop hugetlb_fault_mutex and i_mmap_rwsem before
        // unmapping. unmapping needs to hold i_mmap_rwsem in write mode.
        // Dropping i_mmap_rwsem in read mode here is OK as COW mappings do
        // not interact with PMD sharing. Reacquire both after unmap."
        fault_mutex.unlock();
        w.mapping.i_mmap_rwsem.up_read();
      }
      unmap_ref_private(w, mm, old_page, idx);
      if (drop && w.v.hugetlb_vma_lock) {
        fault_mutex.lock();
        hugetlb_vma_lock_read(w, vma);
      } else if (drop) {
        w.mapping.i_mmap_rwsem.down_read();
        fault_mutex.lock();
      }
      ptl.lock();
      const Ptep again = huge_pte_offset(w, mm, idx);
      if (again && huge_ptep_get(w, again) == pte) {
        cover("hugetlb_cow retried after unmap_ref_private");
        ptep = again;
        continue;  // goto retry_avoidcopy
      }
      // "race occurs while re-acquiring page table lock, and our job is done."
      return VmFault::ok;
    }
    // copy_user_huge_page, __SetPageUptodate: no shared state.
    ptl.lock();
    const Ptep again = huge_pte_offset(w, mm, idx);
    int release = new_page;
    if (again && huge_ptep_get(w, again) == pte) {
      cover("hugetlb_cow mapped a copy");
      // ClearPagePrivate(new_page): never set (no reservation was used).
      set_huge_pte_at(w, mm, again, 0, "hugetlb_cow");  // huge_ptep_clear_flush
      set_huge_pte_at(w, mm, again, make_huge_pte(new_page), "hugetlb_cow");
      old.mapcount.fetch_add(-1);              // page_remove_rmap(old_page)
      w.page[new_page].mapcount.fetch_add(1);  // hugepage_add_new_anon_rmap
      release = old_page;                      // "Make the old page be freed below"
    }
    ptl.unlock();
    put_page(w, release);   // out_release_all
    put_page(w, old_page);  // out_release_old
    ptl.lock();             // "Caller expects lock to be held"
    return VmFault::ok;
  }
}

}  // namespace mmcheck::model
