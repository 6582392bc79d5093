// The anon rmap of MAP_PRIVATE hugetlb pages: mm/rmap.c v5.7
// page_get_anon_vma, page_lock_anon_vma_read, rmap_walk_anon,
// unlink_anon_vmas; mm/hugetlb.c v5.7 _get_hugetlb_page_mapping;
// mm/migrate.c v5.7 migrate_page_move_mapping for a page without a mapping.
// The functions are the same in v5.10 except _get_hugetlb_page_mapping,
// which 336bf30eb765 deleted (its callers no longer ask for an anon page's
// mapping).
//
// Lock order obeyed here (model/anon_vma.hpp has the whole list):
//   page->flags PG_locked (every caller but unlink_anon_vmas holds it)
//     anon_vma->rwsem (read: walks; write: unlink_anon_vmas, no other lock)
//       pmd page ptl (in the rmap_one callbacks)
#include "model/anon_vma.hpp"

#include "model/hugetlb.hpp"

namespace mmcheck::model {

AnonVmaChain::AnonVmaChain(const std::string& name, int v)
    : chain(name), vma(name + ".vma", v, &chain) {}

AnonVma::AnonVma(const std::string& name)
    : rwsem(name + ".rwsem"), refcount(name + ".refcount", 1), rb_root(name + ".rb_root", 0) {}

void setup_anon_vma_fork(World& w, int page, int parent, int child) {
  const int av = static_cast<int>(w.anon_vma.size());
  w.anon_vma.emplace_back("anon_vma" + std::to_string(av));
  for (int v : {parent, child}) {  // anon_vma_chain_link, parent's first
    const int c = static_cast<int>(w.avc.size());
    w.avc.emplace_back("avc" + std::to_string(c), v);
    w.vma[v].anon_vma_chain |= 1u << c;
    w.anon_vma[av].rb_root.poke(w.anon_vma[av].rb_root.peek() | (1u << c));
  }
  w.page[page].anon_vma = av;  // __page_set_anon_rmap (exclusive: the parent's)
}

// page_get_anon_vma, mm/rmap.c v5.7: READ_ONCE(page->mapping) (no step: set
// before the page was published and never changed here), page_mapped,
// atomic_inc_not_zero(&anon_vma->refcount), page_mapped again.
int page_get_anon_vma(World& w, int page) {
  HugePage& p = w.page[page];
  const int av = p.anon_vma;
  if (av == kNone) return kNone;  // not PAGE_MAPPING_ANON
  if (p.mapcount.load() == 0) return kNone;
  AnonVma& a = w.anon_vma[av];
  if (a.refcount.rmw([](int c) { return c == 0 ? 0 : c + 1; }) == 0) return kNone;
  if (p.mapcount.load() == 0) {
    put_anon_vma(w, av);
    return kNone;
  }
  return av;
}

// put_anon_vma, include/linux/rmap.h: atomic_dec_and_test, then
// __put_anon_vma. No modelled path drops the last reference (the parent,
// whose VMA holds it, never exits in a scenario with an anon rmap), so the
// free is a model error rather than a silent no-op.
void put_anon_vma(World& w, int anon_vma) {
  const int old = w.anon_vma[anon_vma].refcount.fetch_add(-1);
  check(old > 1, "model: the last anon_vma reference was put (__put_anon_vma is not modelled)");
}

// page_lock_anon_vma_read, mm/rmap.c v5.7: page->mapping, page_mapped,
// down_read_trylock(root->rwsem) (then page_mapped again); if the trylock
// fails: atomic_inc_not_zero, page_mapped, anon_vma_lock_read (sleeps),
// atomic_dec_and_test (the last reference here is a model error, as above).
int page_lock_anon_vma_read(World& w, int page) {
  HugePage& p = w.page[page];
  const int av = p.anon_vma;
  if (av == kNone) return kNone;
  if (p.mapcount.load() == 0) return kNone;
  AnonVma& a = w.anon_vma[av];
  if (a.rwsem.down_read_trylock()) {
    if (p.mapcount.load() == 0) {
      a.rwsem.up_read();
      return kNone;
    }
    return av;
  }
  if (a.refcount.rmw([](int c) { return c == 0 ? 0 : c + 1; }) == 0) return kNone;
  if (p.mapcount.load() == 0) {
    put_anon_vma(w, av);
    return kNone;
  }
  a.rwsem.down_read();
  const int old = a.refcount.fetch_add(-1);
  check(old > 1, "model: page_lock_anon_vma_read held the last anon_vma reference");
  return av;
}

void page_unlock_anon_vma_read(World& w, int anon_vma) { w.anon_vma[anon_vma].rwsem.up_read(); }

// rmap_walk_anon, mm/rmap.c v5.7: the anon_vma (locked by the caller, by
// rwc->anon_lock, or by anon_vma_lock_read), then
// anon_vma_interval_tree_foreach: each chain's avc->vma, rmap_one, done.
void rmap_walk_anon(World& w, int page, AnonWalkLock how, const std::function<bool(int)>& rmap_one,
                    const std::function<bool()>& done) {
  int av = w.page[page].anon_vma;
  if (how == AnonWalkLock::caller_holds) {
    // "anon_vma disappear under us?" VM_BUG_ON_PAGE(!anon_vma, page)
    check(av != kNone, "VM_BUG_ON_PAGE(!anon_vma): rmap_walk_locked of a page without anon_vma");
  } else if (how == AnonWalkLock::page_lock_anon_vma_read) {
    av = page_lock_anon_vma_read(w, page);
  } else if (av != kNone) {
    w.anon_vma[av].rwsem.down_read();  // anon_vma_lock_read
  }
  if (av == kNone) return;
  AnonVma& a = w.anon_vma[av];
  const unsigned tree = a.rb_root.load();
  for (int c = 0; c < static_cast<int>(w.avc.size()); ++c) {
    if (!(tree & (1u << c))) continue;
    const int vma = w.avc[c].vma.load();  // avc->vma: use_after_free if the chain was freed
    if (a.rwsem.has_waiters())
      cover("rmap_walk_anon walked the tree while unlink_anon_vmas waited for anon_vma->rwsem");
    if (!rmap_one(vma)) break;
    if (done && done()) break;
  }
  if (how != AnonWalkLock::caller_holds) a.rwsem.up_read();  // anon_vma_unlock_read
}

// _get_hugetlb_page_mapping, mm/hugetlb.c v5.7: "Use first found vma";
// vma->vm_file->f_mapping is the one modelled file for every VMA.
bool _get_hugetlb_page_mapping(World& w, int page) {
  if (!w.page[page].anon) return true;  // page_mapping(hpage): a page-cache page's file
  check(w.page[page].anon_vma != kNone,
        "model: an anon page in a world without an anon rmap (setup_anon_vma_fork)");
  const int av = page_lock_anon_vma_read(w, page);
  if (av == kNone) return false;  // "return mapping;  /* NULL */"
  bool found = false;
  const unsigned tree = w.anon_vma[av].rb_root.load();
  for (int c = 0; c < static_cast<int>(w.avc.size()); ++c) {
    if (!(tree & (1u << c))) continue;
    (void)w.avc[c].vma.load();  // avc->vma->vm_file->f_mapping; break
    found = true;
    break;
  }
  page_unlock_anon_vma_read(w, av);
  return found;
}

// unlink_anon_vmas, mm/rmap.c v5.7, for a VMA whose chains all link into
// the one modelled (root) anon_vma: lock_anon_vma_root (down_write), for
// each chain anon_vma_interval_tree_remove and, while the tree is not empty,
// anon_vma_chain_free; unlock_anon_vma_root; then the chains of anon_vmas
// left empty are freed (put_anon_vma of the empty anon_vma: not reached in
// a modelled scenario, the parent's chain stays).
void unlink_anon_vmas(World& w, int vma) {
  const unsigned chains = w.vma[vma].anon_vma_chain;
  if (chains == 0) return;  // no anon_vma: nothing to unlink
  AnonVma& a = w.anon_vma[0];
  if (a.rwsem.readers() != 0)
    cover("unlink_anon_vmas waits for anon_vma->rwsem held by an rmap walk");
  a.rwsem.down_write();  // lock_anon_vma_root
  bool emptied = false;
  for (int c = 0; c < static_cast<int>(w.avc.size()); ++c) {
    if (!(chains & (1u << c))) continue;
    const unsigned left = a.rb_root.rmw([c](unsigned t) { return t & ~(1u << c); });
    if ((left & ~(1u << c)) == 0) {  // RB_EMPTY_ROOT: freed after the unlock
      emptied = true;
      continue;
    }
    w.avc[c].chain.free();  // anon_vma_chain_free, under the root lock
  }
  a.rwsem.up_write();  // unlock_anon_vma_root
  check(!emptied, "model: unlink_anon_vmas emptied the anon_vma (__put_anon_vma is not modelled)");
  w.vma[vma].anon_vma_chain = 0;
}

// migrate_page_move_mapping, mm/migrate.c v5.7, mapping == NULL ("Anonymous
// page without mapping"): page_count must be expected_page_refs = 1 (the
// isolation reference: try_to_unmap dropped the ptes'); then newpage->index
// and newpage->mapping (the anon_vma) are copied. Reached through
// move_to_new_page -> migrate_page (page_mapping NULL; a hugetlb page is not
// __PageMovable). migrate_page_copy has no modelled state.
int migrate_anon_huge_page(World& w, int newpage, int page) {
  constexpr int kEAGAIN = -11;
  if (w.page[page].refcount.read() != 1) return kEAGAIN;
  HugePage& n = w.page[newpage];  // still private to the migrating thread
  n.index = w.page[page].index;
  n.anon = true;
  n.anon_vma = w.page[page].anon_vma;
  return 0;
}

}  // namespace mmcheck::model
