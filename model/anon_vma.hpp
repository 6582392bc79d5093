// The anon rmap of a MAP_PRIVATE hugetlb page, the minimum that
// 336bf30eb765 "hugetlbfs: fix anon huge page migration race" (v5.10) needs:
// one anon_vma with its rwsem and refcount, its interval tree of
// anon_vma_chains (one per VMA that can map its pages), and the anon page's
// page->mapping to it (HugePage::anon_vma). mm/rmap.c v5.7 (= v5.10 here).
//
// Lock order (mm/rmap.c v5.7 header; hugetlb's i_mmap_rwsem above the page
// lock is the v5.7 footnote for PageHuge pages):
//   mapping->i_mmap_rwsem (v5.7 migration only: trylock under the page lock,
//                          or the slow path of hugetlb_page_mapping_lock_write)
//     page->flags PG_locked
//       anon_vma->rwsem (page_lock_anon_vma_read, rmap_walk_anon)
//         pmd page ptl (try_to_unmap_one, remove_migration_pte)
// unlink_anon_vmas takes anon_vma->rwsem for write holding no modelled lock
// (free_pgtables runs after unmap_vmas dropped i_mmap_rwsem).
//
// Left out (model/STEPS.md says why each cannot hide the race):
//   - the child's own anon_vma (anon_vma_fork gives the child one whose root
//     is the parent's): the page's mapping is the parent's (root) anon_vma,
//     so no walk of this page reaches the child's; unlink_anon_vmas frees it
//     after dropping the root lock, touching nothing a walk reads. Likewise
//     its reference on the root (get_anon_vma(root)): the root keeps the
//     parent's reference in every scenario (the parent does not exit).
//   - anon_vma->root and ->parent (every modelled anon_vma is its own root),
//     ->degree (bookkeeping for anon_vma reuse at fork, no modelled fork).
//   - RCU and SLAB_TYPESAFE_BY_RCU: page_get_anon_vma and
//     page_lock_anon_vma_read read page->mapping under rcu_read_lock; the
//     anon_vma they find is never freed here (see put_anon_vma).
//   - The interval tree's shape: the tree is one word (which chains are in
//     it), read once per walk, and each chain's fields live in the chain, so
//     a walk that read the tree and then dereferences a chain freed since is
//     a use_after_free, as the kernel's anon_vma_interval_tree_iter_next on
//     a freed node is. In-order walk = chain index order (insertion order:
//     every chain covers the same pgoff range, and equal keys go right).
#pragma once

#include <functional>
#include <string>

#include "checker/sync/api.hpp"

namespace mmcheck::model {

struct World;

// struct anon_vma_chain: links one VMA into one anon_vma's interval tree.
struct AnonVmaChain {
  AnonVmaChain(const std::string& name, int vma);
  Lifetime chain;   // anon_vma_chain_alloc .. anon_vma_chain_free
  Shared<int> vma;  // avc->vma, read by every walk of the tree
};

// struct anon_vma (a root anon_vma).
struct AnonVma {
  explicit AnonVma(const std::string& name);
  RwSemaphore rwsem;         // root->rwsem: anon_vma_lock_read / _write
  Shared<int> refcount;      // atomic_t refcount
  Shared<unsigned> rb_root;  // the interval tree: bitmask of the chains in it
};

// How rmap_walk_anon gets its anon_vma (rmap_walk_anon's `locked` and
// rwc->anon_lock, mm/rmap.c v5.7).
enum class AnonWalkLock {
  caller_holds,  // rmap_walk_locked (TTU_RMAP_LOCKED, RMP_LOCKED): page_anon_vma, no lock
  page_lock_anon_vma_read,  // rwc->anon_lock (try_to_unmap)
  anon_vma_lock_read,       // rmap_walk_anon_lock without anon_lock (remove_migration_ptes)
};

// Setup (no steps): parent mm `parent` faulted the anon page `page` in its
// MAP_PRIVATE VMA (anon_vma_prepare: the parent's anon_vma, chain 0) and
// forked `child` (anon_vma_fork -> anon_vma_clone: chain 1 links the
// child's VMA into the parent's anon_vma). page->mapping = that anon_vma.
void setup_anon_vma_fork(World& w, int page, int parent, int child);

// page_get_anon_vma: the page's anon_vma with a reference, or kNone.
int page_get_anon_vma(World& w, int page);
// put_anon_vma: drops a reference (the last one is a model error: see the .cpp).
void put_anon_vma(World& w, int anon_vma);
// page_lock_anon_vma_read: the page's anon_vma locked for read, or kNone.
int page_lock_anon_vma_read(World& w, int page);
void page_unlock_anon_vma_read(World& w, int anon_vma);
// rmap_walk_anon: rmap_one(vma) for each chain in the tree, in order, until
// rmap_one returns false or done() (if given) returns true.
void rmap_walk_anon(World& w, int page, AnonWalkLock how, const std::function<bool(int)>& rmap_one,
                    const std::function<bool()>& done);
// _get_hugetlb_page_mapping, mm/hugetlb.c v5.7 (deleted by 336bf30eb765):
// whether the page has a mapping (the model has one file: which one is not
// a question). A page-cache page: page_mapping, no step. An anon page: the
// file of the first VMA found in its anon_vma's tree, under the read lock.
bool _get_hugetlb_page_mapping(World& w, int page);
// unlink_anon_vmas (free_pgtables, mm/rmap.c v5.7) for the VMA `vma`.
void unlink_anon_vmas(World& w, int vma);
// move_to_new_page -> migrate_page -> migrate_page_move_mapping for an anon
// huge page (no mapping: only the count check), mm/migrate.c v5.7; returns
// 0 (MIGRATEPAGE_SUCCESS) or -EAGAIN.
int migrate_anon_huge_page(World& w, int newpage, int page);

}  // namespace mmcheck::model
