// Page-table primitives for hugetlb PMD sharing: mm/hugetlb.c (v5.6, v5.7),
// include/linux/mm.h pmd_alloc and mm/memory.c __pmd_alloc (v5.6).
//
// Lock order obeyed here:
//   mapping->i_mmap_rwsem (huge_pmd_share: taken inside in v5.6; held by the
//                          caller for read in v5.7; huge_pmd_unshare callers
//                          hold it for write in v5.7)
//     pmd page ptl (huge_pmd_share's PUD populate; huge_pmd_unshare's caller)
//     mm->page_table_lock (__pmd_alloc's PUD populate)
//
// The model has one PUD per mm (the shared 1 GiB window); the pgd, p4d and
// pud levels above it always exist, so p4d_alloc/pud_alloc are no steps.
#include <string>

#include "model/hugetlb.hpp"

namespace mmcheck::model {

// huge_pte_offset, mm/hugetlb.c (v5.6 = v5.7), for a PMD_SIZE page: a
// lockless walk. One read of the PUD; for 2 MiB pages it returns the PMD
// slot even when that entry is none, and NULL only when the PUD is none.
// The returned ptep points into whatever PMD page the PUD named at the read.
std::string ptep_name(const World& w, Ptep ptep) {
  if (ptep.pmd == kNone) return "NULL";
  if (ptep.pmd == kPmdOffsetOfNonePud) return "pmd_offset of " + w.mm[ptep.mm].name + "'s cleared PUD";
  return w.pmd[ptep.pmd].entry[ptep.slot].name();
}

Ptep huge_pte_offset(World& w, int mm, int slot) {
  const int p = w.mm[mm].pud.load();
  if (p == kNone) return {};
  return Ptep{p, slot};
}

// huge_ptep_get: a read of the entry through ptep. A PMD page that has been
// freed makes this a use_after_free (the entry's owner is the page).
// A use of the pointer pmd_offset computed from a cleared PUD.
static void check_not_pmd_offset_of_none_pud(const World& w, Ptep ptep, const char* use) {
  if (ptep.pmd == kPmdOffsetOfNonePud)
    check_invariant(false, std::string(use) + " through the ptep pmd_offset computed from mm " +
                               w.mm[ptep.mm].name +
                               "'s PUD, cleared by huge_pmd_unshare after pmd_alloc saw it present");
}

pte_t huge_ptep_get(World& w, Ptep ptep) {
  check_not_pmd_offset_of_none_pud(w, ptep, "huge_ptep_get");
  return w.pmd[ptep.pmd].entry[ptep.slot].load();
}

// THE RULE for lockless reads of a PMD page that may be freed. A ptep from
// huge_pte_offset taken with no lock that excludes huge_pmd_unshare (v5.6's
// whole fault; the prelude of v5.7's hugetlb_fault) may point into a PMD
// page that was unshared from this mm and then freed by its last sharer.
// The kernel relies on one thing there, in v5.7 mm/hugetlb.c hugetlb_fault:
//   "Since we hold no locks, ptep could be stale.  That is OK as we are
//    only making decisions based on content and not actually modifying
//    content here."
// i.e. a freed page-table page goes back to the page allocator but stays
// mapped in the direct map, so reading an entry returns a stale (or reused)
// value without faulting, and every decision taken on it is re-validated
// under a lock. The model follows that: such a read is a step that may find
// the page freed (coverage point, no violation), and it is
// huge_ptep_get_lockless below, used only where the kernel has that
// comment. Anything more than a read through such a ptep is a use: taking
// the page's split ptl (spin_lock on page->ptl, which pgtable_pmd_page_ctor
// reinitialises when the page is reused), or writing an entry, is reported
// as use_after_free by the instrumented lock and store.
pte_t huge_ptep_get_lockless(World& w, Ptep ptep) {
  check_not_pmd_offset_of_none_pud(w, ptep, "huge_ptep_get");
  PmdPage& p = w.pmd[ptep.pmd];
  if (!p.page.live()) cover("a lockless huge_ptep_get read a freed PMD page (stale value)");
  return p.entry[ptep.slot].load_possibly_freed();
}

SpinLock& huge_pte_lockptr(World& w, Ptep ptep) {
  check_not_pmd_offset_of_none_pud(w, ptep, "huge_pte_lockptr");
  return w.pmd[ptep.pmd].ptl;
}

// set_huge_pte_at / huge_ptep_get_and_clear / huge_pte_clear: a write into
// the PMD page through ptep. Invariant 1: the page is live (else the store
// is a use_after_free) and reachable from the writing mm's own PUD.
void set_huge_pte_at(World& w, int mm, Ptep ptep, pte_t pte, const char* who) {
  check_not_pmd_offset_of_none_pud(w, ptep, who);
  w.pmd[ptep.pmd].entry[ptep.slot].store(pte);
  const int pud = w.mm[mm].pud.peek();
  if (w.check_ptep_owner && pud != ptep.pmd) {
    std::string owners;
    for (const MmStruct& o : w.mm)
      if (o.pud.peek() == ptep.pmd) owners += (owners.empty() ? "mm " : ", mm ") + o.name;
    check_invariant(false,
                    std::string(who) + " wrote a pte through a ptep into PMD page pmd" +
                        std::to_string(ptep.pmd) +
                        (owners.empty() ? std::string(", which no mm maps") : " of " + owners) +
                        ", which mm " + w.mm[mm].name + " no longer maps" +
                        (pud == kNone ? " (its PUD was cleared by huge_pmd_unshare)"
                                      : " (its PUD names pmd" + std::to_string(pud) + ")"));
  }
}

// pmd_alloc_one: a zeroed page-table page with refcount 1. The page is
// private to the allocating thread until pud_populate publishes it, so its
// initialisation is no step; the allocation itself is.
static int pmd_alloc_one(World& w) {
  w.pmd_free_list.fetch_add(1);  // take a page off the allocator's free list
  int p = 0;
  const int n = static_cast<int>(w.pmd.size());
  while (p < n && w.ghost.pmd_taken[p]) ++p;
  check(p < n, "model: the PMD page pool is exhausted (raise the pool size)");
  w.ghost.pmd_taken[p] = true;
  PmdPage& pg = w.pmd[p];
  pg.page.allocate();
  pg.refcount.poke(1);
  for (auto& e : pg.entry) e.poke(0);
  return p;
}

// pmd_free / the final put_page of a page-table page (pmd_free_tlb ->
// tlb_remove_table -> put_page): freed when the refcount reaches 0.
void pmd_page_put(World& w, int p) {
  if (w.pmd[p].refcount.put() == 0) {
    for (const MmStruct& o : w.mm)
      check_invariant(o.pud.peek() != p, "PMD page pmd" + std::to_string(p) + " freed while mm " +
                                             o.name + "'s PUD still points to it");
    w.pmd[p].page.free();
    cover("a PMD page was freed");
    w.pmd_free_list.fetch_add(1);  // and back onto it
    w.ghost.pmd_taken[p] = false;
  }
}

// pmd_alloc (include/linux/mm.h) + __pmd_alloc (mm/memory.c), v5.6:
//   if (pud_none(*pud)) __pmd_alloc: new = pmd_alloc_one(); pud_lock
//   (mm->page_table_lock); if (!pud_present(*pud)) { mm_inc_nr_pmds;
//   pud_populate } else pmd_free(new); spin_unlock;
//   return pmd_offset(pud, addr)  -- a second read of *pud.
// Left out: allocation failure (the model has a pool).
Ptep pmd_alloc(World& w, int mm, int slot) {
  MmStruct& m = w.mm[mm];
  if (m.pud.load() == kNone) {
    const int fresh = pmd_alloc_one(w);
    m.page_table_lock.lock();
    if (m.pud.load() == kNone) {
      m.nr_pmds.fetch_add(1);
      m.pud.store(fresh);
    } else {
      cover("__pmd_alloc found the PUD populated meanwhile and freed its page");
      pmd_page_put(w, fresh);  // pmd_free
    }
    m.page_table_lock.unlock();
  }
  const int p = m.pud.load();  // pmd_offset(pud, addr)
  if (p == kNone) {
    cover("pmd_offset computed a ptep from a PUD cleared after pmd_alloc saw it present");
    return Ptep{kPmdOffsetOfNonePud, slot, mm};
  }
  return Ptep{p, slot};
}

// huge_pte_alloc, mm/hugetlb.c (CONFIG_ARCH_WANT_GENERAL_HUGETLB), v5.6 =
// v5.7: if (want_pmd_share() && pud_none(*pud)) huge_pmd_share() else
// pmd_alloc(). In v5.7 the caller holds i_mmap_rwsem for read.
Ptep huge_pte_alloc(World& w, int mm, int slot) {
  if (w.mm[mm].pud.load() == kNone) return huge_pmd_share(w, mm, slot);
  return pmd_alloc(w, mm, slot);
}

// huge_pmd_share, mm/hugetlb.c. v5.6 takes i_mmap_rwsem for read itself,
// v5.7 relies on the caller. Walks i_mmap for a VMA of another mm mapping
// the same index (page_table_shareable: VM_MAYSHARE and the same geometry,
// which every VMA of the model has), takes a reference on its PMD page
// (get_page), and populates this mm's PUD under the candidate PMD page's
// ptl (not mm->page_table_lock), or drops the reference if the PUD was
// populated meanwhile; then pmd_alloc.
bool i_mmap_locked_by_current(const World& w, bool write) {
  const RwSemaphore& s = w.mapping.i_mmap_rwsem;
  const ThreadId me = current_thread();
  return s.writer() == me || (!write && (s.readers() & bit(me)) != 0);
}

Ptep huge_pmd_share(World& w, int mm, int slot) {
  const bool lock = !w.v.fault_holds_i_mmap_rwsem;  // v5.6
  // 34ae204f1851: i_mmap_assert_locked(mapping) at the top (until v6.1's
  // 3a47c54f09c4 made huge_pmd_share take the lock itself again).
  if (w.v.i_mmap_asserts && !lock)
    check(i_mmap_locked_by_current(w, false),
          "i_mmap_assert_locked failed in huge_pmd_share: called without i_mmap_rwsem");
  const unsigned flags = w.vma[mm].vm_flags.load();
  if (!(flags & VM_MAYSHARE)) return pmd_alloc(w, mm, slot);  // !vma_shareable
  // v6.1 want_pmd_share: "vma lock required for sharing".
  if (w.v.hugetlb_vma_lock && !w.vma_lock[mm].attached.load()) return pmd_alloc(w, mm, slot);
  if (lock) w.mapping.i_mmap_rwsem.down_read();
  const unsigned i_mmap = w.mapping.i_mmap.load();  // vma_interval_tree_foreach
  Ptep spte;
  for (int s = 0; s < static_cast<int>(w.vma.size()); ++s) {
    if (s == mm || !(i_mmap & (1u << s))) continue;
    const unsigned sflags = w.vma[s].vm_flags.load();  // page_table_shareable
    if (sflags != flags) continue;
    // v6.1: "Also, vma_lock (vm_private_data) is required for sharing."
    if (w.v.hugetlb_vma_lock && !w.vma_lock[s].attached.load()) continue;
    spte = huge_pte_offset(w, w.vma[s].mm, slot);
    if (spte) {
      w.pmd[spte.pmd].refcount.get();  // get_page(virt_to_page(spte))
      cover("huge_pmd_share took a reference on another mm's PMD page");
      break;
    }
  }
  if (spte) {
    // v5.6/v5.7: the candidate PMD page's ptl, which does not serialise
    // against __pmd_alloc populating this PUD under mm->page_table_lock.
    // Peter Xu, June 2023 (Fixes cb900f412154): spin_lock(&mm->page_table_lock).
    SpinLock& ptl = w.v.pmd_share_populates_under_pud_lock ? w.mm[mm].page_table_lock
                                                           : huge_pte_lockptr(w, spte);
    ptl.lock();
    MmStruct& m = w.mm[mm];
    if (m.pud.load() == kNone) {
      cover("huge_pmd_share populated a PUD with another mm's PMD page");
      m.pud.store(spte.pmd);  // pud_populate
      m.nr_pmds.fetch_add(1);
    } else {
      cover("huge_pmd_share found the PUD populated meanwhile and dropped its reference");
      pmd_page_put(w, spte.pmd);  // put_page
    }
    ptl.unlock();
  }
  const Ptep pte = pmd_alloc(w, mm, slot);
  if (lock) w.mapping.i_mmap_rwsem.up_read();
  return pte;
}

// huge_pmd_unshare, mm/hugetlb.c, v5.6 = v5.7 (v5.7 documents that the
// caller holds i_mmap_rwsem for write). Called with the ptep's ptl held.
// If the PMD page is shared (page_count > 1), clear this mm's PUD, drop its
// reference and return 1; the PTEs are not touched.
bool huge_pmd_unshare(World& w, int mm, int* slot, Ptep ptep) {
  MmStruct& m = w.mm[mm];
  // 34ae204f1851: i_mmap_assert_write_locked(vma->vm_file->f_mapping).
  if (w.v.i_mmap_asserts)
    check(i_mmap_locked_by_current(w, true),
          "i_mmap_assert_write_locked failed in huge_pmd_unshare: i_mmap_rwsem not held for "
          "write");
  // v6.1: hugetlb_vma_assert_locked(vma).
  if (w.v.hugetlb_vma_lock)
    check(hugetlb_vma_locked_by_current(w, mm),
          "hugetlb_vma_assert_locked failed in huge_pmd_unshare: the VMA's vma_lock is not held");
  RefCount& count = w.pmd[ptep.pmd].refcount;
  const int c = count.read();
  check(c != 0, "BUG_ON(page_count(virt_to_page(ptep)) == 0) in huge_pmd_unshare");
  if (c == 1) return false;
  m.pud.store(kNone);  // pud_clear
  cover("huge_pmd_unshare returned 1");
  if (w.ghost.fault_ptep[mm] == ptep.pmd) {
    cover("huge_pmd_unshare returned 1 while a fault held a ptep into that PMD page");
    w.ghost.unshared_under_fault = true;
  }
  pmd_page_put(w, ptep.pmd);
  m.nr_pmds.fetch_add(-1);
  *slot = w.ptrs_per_pmd - 1;
  return true;
}

}  // namespace mmcheck::model
