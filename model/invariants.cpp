// Invariants 2-5 of design/hugetlb-model.md, checked on the whole world with
// peek() (no steps): after truncation returns (5) and after every thread
// has finished (2-5). Invariant 1 is checked at every write through a ptep
// (set_huge_pte_at, model/pagetable.cpp); invariant 6 (deadlock) by the
// checker itself.
//
// Lock order: none taken; every read is a peek() between steps.
#include <string>

#include "model/hugetlb.hpp"

namespace mmcheck::model {

namespace {

std::string pmd_name(int p) { return "pmd" + std::to_string(p); }
std::string page_name(int p) { return "page" + std::to_string(p); }

// Invariant 5, first half: nothing at or beyond i_size.
void check_beyond_i_size(World& w, const char* when) {
  const long size = w.mapping.i_size.peek();
  for (int i = static_cast<int>(size); i < w.ptrs_per_pmd; ++i) {
    const int page = w.mapping.page_cache[i].peek();
    check_invariant(page == kNone, std::string(when) + ": " + page_name(page) +
                                       " is in the page cache at index " + std::to_string(i) +
                                       ", at or beyond i_size " + std::to_string(size));
    for (std::size_t p = 0; p < w.pmd.size(); ++p) {
      if (!w.pmd[p].page.live()) continue;
      const pte_t e = w.pmd[p].entry[i].peek();
      check_invariant(!pte_present(e), std::string(when) + ": " + pmd_name(static_cast<int>(p)) +
                                           ".entry[" + std::to_string(i) + "] maps " +
                                           page_name(pte_page(e)) + " at or beyond i_size " +
                                           std::to_string(size));
    }
  }
}

}  // namespace

void check_truncation(World& w) { check_beyond_i_size(w, "after hugetlb_vmtruncate returned"); }

void check_world(World& w, bool truncation_done, bool all_exited) {
  // Invariant 2: a PMD page's refcount is the number of PUDs naming it; a
  // freed page is named by none.
  for (std::size_t p = 0; p < w.pmd.size(); ++p) {
    int puds = 0;
    std::string who;
    for (const MmStruct& m : w.mm)
      if (m.pud.peek() == static_cast<int>(p)) {
        ++puds;
        who += " mm" + m.name;
      }
    const std::string name = pmd_name(static_cast<int>(p));
    if (!w.pmd[p].page.live()) {
      check_invariant(puds == 0, name + " is freed but the PUD of" + who + " still points to it");
      continue;
    }
    check_invariant(w.pmd[p].refcount.peek() == puds,
                    name + ".refcount is " + std::to_string(w.pmd[p].refcount.peek()) + " but " +
                        std::to_string(puds) + " PUDs point to it");
  }
  // Invariant 3: mapcount = present entries mapping the page, once per PMD
  // page; and the page's refcount = page cache + those entries.
  long present = 0;
  for (std::size_t pg = 0; pg < w.page.size(); ++pg) {
    int maps = 0;
    for (const PmdPage& p : w.pmd)
      if (p.page.live())
        for (const auto& e : p.entry)
          if (pte_present(e.peek()) && pte_page(e.peek()) == static_cast<int>(pg)) ++maps;
    present += maps;
    const HugePage& hp = w.page[pg];
    check_invariant(hp.mapcount.peek() == maps, page_name(static_cast<int>(pg)) + ".mapcount is " +
                                                    std::to_string(hp.mapcount.peek()) + " but " +
                                                    std::to_string(maps) +
                                                    " present huge ptes map it");
    if (static_cast<int>(pg) == w.ghost.hwpoisoned_page) continue;
    const bool cached =
        hp.index != kNone && w.mapping.page_cache[hp.index].peek() == static_cast<int>(pg);
    check_invariant(hp.refcount.peek() == maps + (cached ? 1 : 0),
                    page_name(static_cast<int>(pg)) + ".refcount is " +
                        std::to_string(hp.refcount.peek()) + ", expected " +
                        std::to_string(maps + (cached ? 1 : 0)) + " (page cache + mappings)");
  }
  // Invariant 4: the hugetlb rss counters, summed over the mms (the kernel
  // charges the faulting mm and debits the zapping mm), equal the present
  // entries; zero once every mm has exited. A migration entry that
  // __unmap_hugepage_range cleared keeps its charge (mm/hugetlb.c v5.7:
  // "Migrating hugepage ... is already unmapped and its refcount is
  // dropped, so just clear pte here", with no hugetlb_count_sub).
  long usage = 0;
  for (const MmStruct& m : w.mm) usage += m.hugetlb_usage.peek();
  const long kept = w.ghost.rss_of_zapped_migration_entries;
  check_invariant(usage == present + kept,
                  "the mms' hugetlb_usage add up to " + std::to_string(usage) + " but " +
                      std::to_string(present) + " huge ptes are present" +
                      (kept ? " (+" + std::to_string(kept) + " cleared migration entries)" : ""));
  if (all_exited) check_invariant(usage == kept, "hugetlb_usage is not zero after every mm exited");
  // Invariant 5: nothing beyond i_size after truncation; the counters agree
  // with the reserve map and the page cache; nothing underflows.
  if (truncation_done) check_beyond_i_size(w, "after truncation");
  long unconsumed = 0, cached = 0, in_use = 0;
  for (int i = 0; i < w.ptrs_per_pmd; ++i) {
    const bool has_page = w.mapping.page_cache[i].peek() != kNone;
    cached += has_page;
    if (w.mapping.resv_map[i].peek() && !has_page) ++unconsumed;
  }
  for (const HugePage& hp : w.page) in_use += hp.refcount.peek() > 0;
  const long resv = w.h.resv_huge_pages.peek();
  const long free = w.h.free_huge_pages.peek();
  check_invariant(resv >= 0, "resv_huge_pages underflowed to " + std::to_string(resv) +
                                 " (HugePages_Rsvd wraps: it is unsigned)");
  check_invariant(resv == unconsumed,
                  "resv_huge_pages is " + std::to_string(resv) + " but the reserve map holds " +
                      std::to_string(unconsumed) + " reservations without a page");
  check_invariant(free == w.h.nr_huge_pages.peek() - in_use,
                  "free_huge_pages is " + std::to_string(free) + " but " + std::to_string(in_use) +
                      " of " + std::to_string(w.h.nr_huge_pages.peek()) + " huge pages are in use");
  check_invariant(resv <= free, "resv_huge_pages " + std::to_string(resv) +
                                    " exceeds free_huge_pages " + std::to_string(free));
  check_invariant(w.mapping.i_blocks.peek() == cached,
                  "inode i_blocks is " + std::to_string(w.mapping.i_blocks.peek()) +
                      " huge pages but " + std::to_string(cached) + " pages are in the page cache");
}

}  // namespace mmcheck::model
