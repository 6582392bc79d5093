// The state of the modelled hugetlb mm: one hugetlbfs file, its mappings in a
// few processes, each with one PUD slot for the shared 1 GiB window, a pool
// of PMD page-table pages and a pool of huge data pages. Every field that
// threads share is an instrumented object with a readable name, so each
// access is one visible step. A World is built fresh for every execution.
//
// Lock order (v5.7, mm/rmap.c footnote for PageHuge pages; the model obeys it
// in the "patch1" and "after" variants):
//   mapping->i_mmap_rwsem
//     hugetlb_fault_mutex
//       page->flags PG_locked (lock_page)
//         pmd page ptl (huge_pte_lock) / mm->page_table_lock
//           hugetlb_lock
// v6.1 ("v6.1", "v6.x*"): hugetlb_fault_mutex -> hugetlb vma_lock ->
//   i_mmap_rwsem -> PG_locked -> ptl, the vma_lock only trylocked under
//   i_mmap_rwsem (model/vma_lock.hpp).
// v5.6 ("before"): generic order, the page lock ABOVE i_mmap_rwsem
//   (rmap walks run under the page lock), and the fault mutex above
//   i_mmap_rwsem (remove_inode_hugepages).
//
// Addresses are abstract: a mm maps file index i at slot i of its window
// (vm_pgoff 0, the VMA spans the whole PUD-aligned window), so every VMA
// satisfies vma_shareable/page_table_shareable while it has VM_MAYSHARE.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "checker/sync/api.hpp"
#include "model/anon_vma.hpp"
#include "model/variant.hpp"
#include "model/vma_lock.hpp"

namespace mmcheck::model {

inline constexpr int kNone = -1;  // no PMD page / no data page
inline constexpr int kMaxMms = 4;

// A huge pte (a PMD-level entry): 0 none, p+1 present(page p), writable;
// (p+1) | kPteRdonly present and write-protected (a MAP_PRIVATE pte after
// fork: copy_hugetlb_page_range wrprotects both); -(p+1) a hwpoison entry;
// -((p+1) | kPteMigration) a migration entry.
using pte_t = int;
inline constexpr pte_t kPteRdonly = 1 << 16;
inline constexpr pte_t kPteMigration = 1 << 16;
inline pte_t make_huge_pte(int page) { return page + 1; }
inline pte_t make_hwpoison_entry(int page) { return -(page + 1); }
inline pte_t make_migration_entry(int page) { return -((page + 1) | kPteMigration); }
inline pte_t huge_pte_wrprotect(pte_t e) { return e | kPteRdonly; }
inline bool huge_pte_none(pte_t e) { return e == 0; }
inline bool pte_present(pte_t e) { return e > 0; }
inline bool huge_pte_write(pte_t e) { return e > 0 && !(e & kPteRdonly); }
inline bool is_hugetlb_entry_migration(pte_t e) { return e < 0 && (-e & kPteMigration); }
inline bool is_hugetlb_entry_hwpoisoned(pte_t e) { return e < 0 && !(-e & kPteMigration); }
inline int pte_page(pte_t e) { return (e > 0 ? e & ~kPteRdonly : -e & ~kPteMigration) - 1; }

// A ptep: a pointer into one slot of one PMD page. It remembers the PMD page
// it was derived from, so a write through a stale ptep is caught.
struct Ptep {
  int pmd = kNone;
  int slot = 0;
  int mm = kNone;  // for kPmdOffsetOfNonePud: whose PUD it was computed from
  explicit operator bool() const { return pmd != kNone; }
};
// pmd_offset(pud, addr) on a PUD that huge_pmd_unshare cleared after
// pmd_alloc saw it present: the kernel computes a (non-NULL) pointer from
// the none entry without dereferencing it. Harmless while nobody uses it
// (v5.7.0's stray huge_pte_alloc discards it); any read, lock or write
// through it is an invariant violation (model/pagetable.cpp).
inline constexpr int kPmdOffsetOfNonePud = -2;

inline constexpr unsigned VM_MAYSHARE = 1u;
// The flag bits a MAP_PRIVATE hugetlb VMA keeps in vm_private_data
// (mm/hugetlb.c): the mapper that owns the reservations, and a VMA whose
// page unmap_ref_private took away (its next fault there gets SIGBUS).
inline constexpr unsigned HPAGE_RESV_OWNER = 1u;
inline constexpr unsigned HPAGE_RESV_UNMAPPED = 2u;

struct PmdPage {
  PmdPage(const std::string& name, int ptrs_per_pmd);
  Lifetime page;      // allocated by pmd_alloc_one, freed at refcount 0
  RefCount refcount;  // page_count(): number of PUDs pointing here
  SpinLock ptl;       // split PMD ptl in the struct page, shared by all sharers
  std::deque<Shared<pte_t>> entry;
};

struct HugePage {
  explicit HugePage(const std::string& name);
  RefCount refcount;
  Shared<int> mapcount;      // compound mapcount, counted once per PMD entry
  Mutex PG_locked;           // lock_page: a sleeping lock
  Shared<bool> PagePrivate;  // allocation consumed a reservation
  int index = kNone;         // page->index, set before the page is published
  bool anon = false;         // PageAnon (a MAP_PRIVATE page), set before it is published
  // page->mapping of an anon page: its anon_vma (model/anon_vma.hpp), or
  // kNone where the world models no anon rmap. Set before it is published.
  int anon_vma = kNone;
};

struct AddressSpace {
  AddressSpace(int pages, long i_size);
  RwSemaphore i_mmap_rwsem{"mapping.i_mmap_rwsem"};
  Shared<unsigned> i_mmap{"mapping.i_mmap", 0};  // bitmask of VMAs mapping the file
  Shared<long> i_size;                           // in huge pages
  std::deque<Shared<int>> page_cache;            // index -> page or kNone
  std::deque<Shared<bool>> resv_map;             // index has a reservation or a page
  Shared<long> i_blocks{"inode.i_blocks", 0};    // in huge pages
  // The page cache's xa_lock: taken by migrate_huge_page_move_mapping and,
  // in worlds where pages migrate, around the page-cache lookups (see
  // WorldConfig::pages_migrate).
  SpinLock xa_lock{"mapping.i_pages.xa_lock"};
};

struct Hstate {
  SpinLock hugetlb_lock{"hugetlb_lock"};
  Shared<long> nr_huge_pages{"hstate.nr_huge_pages", 0};
  Shared<long> free_huge_pages{"hstate.free_huge_pages", 0};
  Shared<long> resv_huge_pages{"hstate.resv_huge_pages", 0};
};

struct MmStruct {
  explicit MmStruct(const std::string& name);
  std::string name;  // "F", "S", ...
  Shared<int> pud;   // the PUD entry of the shared window: a PMD page or kNone
  SpinLock page_table_lock;
  Shared<long> hugetlb_usage;  // in huge pages
  Shared<long> nr_pmds;
};

struct VmArea {
  VmArea(const std::string& name, int mm);
  int mm;
  Shared<unsigned> vm_flags;
  Shared<unsigned> vm_private_data;  // HPAGE_RESV_* bits (private mappings only)
  // vma->anon_vma_chain: bitmask of the World::avc entries of this VMA
  // (setup only; the list is private to the VMA's mm, not a shared step).
  unsigned anon_vma_chain = 0;
};

// Ghost state: bookkeeping of the model itself (allocators, what a thread
// holds, for coverage and invariants). Never a step; never read by the
// modelled kernel code to decide anything.
struct Ghost {
  std::vector<bool> pmd_taken;  // PMD pool slot handed out by pmd_alloc_one
  int next_page = 0;            // huge page pool: next never-used page
  int fault_ptep[kMaxMms] = {kNone, kNone, kNone, kNone};  // PMD page a fault's ptep points into
  bool truncate_wants_i_mmap = false;  // truncation is at or in down_write(i_mmap_rwsem)
  bool truncate_returned = false;
  bool unshared_under_fault = false;
  bool fault_holds_vma_lock[kMaxMms] = {false, false, false, false};  // v6.1, for coverage
  int stray_page = kNone;
  // Migration entries __unmap_hugepage_range cleared: the kernel clears
  // them with no hugetlb_count_sub (try_to_unmap_one's TTU_MIGRATION
  // branch did not debit either), so each leaves its mm charged one page
  // (invariant 4 counts it; for an exiting mm nothing reads it again).
  long rss_of_zapped_migration_entries = 0;
  int hwpoisoned_page =
      kNone;  // memory_failure keeps its reference  // a page a fault's backout left in the page
              // cache  // huge_pmd_unshare returned 1 under a fault's ptep
};

struct WorldConfig {
  Variant variant;
  int ptrs_per_pmd = 2;
  int mms = 2;  // mm 0 is "F", mm 1 "S", mm 2 "T"
  int pmd_pool = 3;
  int page_pool = 4;
  long i_size = 2;  // file size in huge pages (<= ptrs_per_pmd)
  // Invariant 1's second half (the ptep's PMD page is reachable from the
  // writer's PUD). A scenario about the use-after-free that follows may turn
  // it off; the use-after-free half is always on.
  bool check_ptep_owner = true;
  // A world with MAP_PRIVATE VMAs. Only there do the faults read the
  // HPAGE_RESV_* bits (a step); in an all-shared world they are always 0.
  bool private_mappings = false;
  // A world where page-cache pages migrate. The kernel's page-cache lookup
  // (find_get_entries: RCU, get_page_unless_zero, xas_reload) is atomic
  // against migrate_huge_page_move_mapping's page_ref_freeze; the model
  // gets that atomicity by doing remove_inode_hugepages' lookup under
  // xa_lock, here only (elsewhere no page moves: a plain load and get is exact).
  bool pages_migrate = false;
};

struct World {
  explicit World(const WorldConfig& c);
  Variant v;
  int ptrs_per_pmd;
  bool check_ptep_owner;
  bool private_mappings;
  bool pages_migrate;
  AddressSpace mapping;
  Hstate h;
  std::deque<Mutex> hugetlb_fault_mutex_table;  // one per index: no collisions
  std::deque<MmStruct> mm;
  std::deque<VmArea> vma;  // vma i belongs to mm i
  std::deque<HugetlbVmaLock> vma_lock;  // v6.1: vma i's lock (model/vma_lock.hpp)
  std::deque<PmdPage> pmd;
  // The page allocator's free list of PMD pages: pmd_alloc_one and the
  // final put of a PMD page both change it, as alloc_pages and free_pages
  // do the zone's free lists, so they conflict. Which page an allocation
  // gets is chosen from ghost.pmd_taken; without this visible step dpor
  // took two allocations (or an allocation and a free) as independent and
  // explored only one of the ways the pages could be handed out.
  Shared<long> pmd_free_list{"page_allocator.pmd_free_list", 0};
  std::deque<HugePage> page;
  // The anon rmap, in worlds that model it (setup_anon_vma_fork): empty
  // elsewhere. model/anon_vma.hpp.
  std::deque<AnonVma> anon_vma;
  std::deque<AnonVmaChain> avc;
  Ghost ghost;

  // ---- setup only (no steps): the state a scenario starts from ----
  // mmap of the whole window in every mm, VM_MAYSHARE, and a reservation of
  // every index below i_size (hugetlb_reserve_pages at mmap time).
  void setup_mappings_and_reservations();
  // A page-cache page at idx mapped by mm m (as if m had faulted it), its
  // PMD page shared by the mms in `sharers` (first allocates it).
  int setup_fault(int m, int idx);
  void setup_share(int m, int with);
  // A fresh, empty PMD page in mm m's PUD (as if m had faulted elsewhere).
  int setup_pmd(int m);
  // MAP_PRIVATE: mm `parent` (HPAGE_RESV_OWNER) faulted idx, an anonymous
  // page, then forked `child`: both map the page write-protected, each
  // through its own PMD page (private mappings never share PMD pages).
  int setup_private_fork(int parent, int child, int idx);
  // A page in the page cache at idx that no modelled mm maps (written
  // through a shared mapping of another process).
  int setup_pagecache_page(int idx);
};

}  // namespace mmcheck::model
