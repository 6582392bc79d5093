// migrate_evict_2018: the ABBA that got c86aa7bbfd55 reverted in Jan 2019
// (kernel-reference §6.a): migration against inode eviction.
//
// S maps a hugetlbfs file MAP_SHARED and faulted index 0 (page0). Thread
// `migrate` migrates page0 (move_pages): lock_page(page0), then, since it is
// mapped, try_to_unmap. Thread `exit+evict` is S exiting (exit_mmap: zap,
// unlink the VMA) and then, the file's last reference gone, the inode's
// eviction: hugetlbfs_evict_inode -> remove_inode_hugepages, which locks
// every page-cache page.
//
// v5.0-rc1 (b43a99900559 + c86aa7bbfd55): migration takes i_mmap_rwsem for
// write under the page lock; eviction holds i_mmap_rwsem for write around
// remove_inode_hugepages -> lock_page. migrate: lock_page(page0), sees it
// mapped; exit+evict: unmaps, evicts, takes i_mmap_rwsem; migrate: blocks
// on i_mmap_rwsem; exit+evict: blocks on page0's lock. Lockdep (on for
// this scenario) reports the cycle; without it the exploration finds the
// deadlock (tests/lock_order_test.cpp).
// reverted (v5.0): try_to_unmap takes i_mmap_rwsem for read inside
// rmap_walk_file; eviction takes no i_mmap_rwsem. No cycle.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class MigrateEvict2018 : public ScenarioInstance {
 public:
  explicit MigrateEvict2018(const ScenarioConfig& c) : w_(migrate_world(c)) {
    w_.setup_mappings_and_reservations();
    page_ = w_.setup_fault(kS, 0);
    // move_pages found page0 in S and isolated it (isolate_huge_page: a
    // reference) before the threads start.
    w_.page[page_].refcount.poke(w_.page[page_].refcount.peek() + 1);
  }

  void start() override {
    spawn("migrate", [this] { unmap_and_move_huge_page(w_, page_); });
    spawn("exit+evict", [this] {
      exit_mmap(w_, kS);
      hugetlbfs_evict_inode(w_);
    });
  }

  // After eviction: an empty page cache, every huge page free, nothing
  // reserved. (hugetlb_usage is not checked: zapping a migration entry at
  // exit does not debit it, in the kernel too; the mm is gone.)
  void finish() override {
    for (int i = 0; i < w_.ptrs_per_pmd; ++i)
      check_invariant(
          w_.mapping.page_cache[i].peek() == kNone,
          "page cache index " + std::to_string(i) + " still holds a page after eviction");
    for (std::size_t p = 0; p < w_.page.size(); ++p)
      check_invariant(w_.page[p].refcount.peek() == 0 && w_.page[p].mapcount.peek() == 0,
                      "page" + std::to_string(p) + " is still referenced (refcount " +
                          std::to_string(w_.page[p].refcount.peek()) + ", mapcount " +
                          std::to_string(w_.page[p].mapcount.peek()) + ") after eviction");
    check_invariant(w_.h.free_huge_pages.peek() == w_.h.nr_huge_pages.peek(),
                    "free_huge_pages is " + std::to_string(w_.h.free_huge_pages.peek()) +
                        " after eviction, of " + std::to_string(w_.h.nr_huge_pages.peek()));
    check_invariant(
        w_.h.resv_huge_pages.peek() == 0,
        "resv_huge_pages is " + std::to_string(w_.h.resv_huge_pages.peek()) + " after eviction");
  }

 private:
  static constexpr int kS = 0;
  World w_;
  int page_ = 0;
};

const std::vector<std::string> kCoverage = {"migration moved the page to a new page"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "migrate_evict_2018",
    .summary = "migration (page lock -> i_mmap_rwsem) against inode eviction "
               "(i_mmap_rwsem -> page lock), v5.0-rc1 and after the reverts",
    .params = {ptrs_per_pmd_param()},
    .variants = {"v5.0-rc1", "reverted"},
    .expectations = {{.variant = "v5.0-rc1",
                      .violation = true,
                      .kind = ViolationKind::lock_order,
                      .message = "(page.PG_locked)"},
                     {.variant = "reverted", .coverage = kCoverage}},
    .coverage_points = {"migration moved the page to a new page",
                        "migration takes i_mmap_rwsem for write under the page lock"},
    .max_steps = 400,
    .lockdep = true,
    .make = make_instance<MigrateEvict2018>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
