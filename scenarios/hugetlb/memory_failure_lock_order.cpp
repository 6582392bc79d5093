// memory_failure_lock_order: memory-failure against a fault on the same
// page-cache page, for the lock order c0d0381ade79 set up for hugetlb pages
// (kernel-reference §2.7, §2.8, §5): i_mmap_rwsem -> hugetlb_fault_mutex ->
// page lock.
//
// F and S map a hugetlbfs file MAP_SHARED, each with its own PMD page (no
// sharing); S faulted index 0 (page0, in the page cache). Thread
// `memory_failure` poisons page0: lock_page, then i_mmap_rwsem for write to
// unmap it. Thread `fault` takes a fault in F on index 0: i_mmap_rwsem
// (read), the fault mutex, then hugetlb_no_page's find_lock_page(page0).
//
// before (v5.6): the generic order, page lock -> i_mmap_rwsem, in both
// threads (the fault takes no i_mmap_rwsem here): lockdep stays quiet.
// after (v5.7): hugetlb_page_mapping_lock_write only trylocks i_mmap_rwsem
// under the page lock; on failure it drops the page lock and takes both in
// order. But collect_procs_file, before it, takes i_mmap_rwsem for READ
// under the page lock (mm/memory-failure.c, v5.7), against the fault's
// i_mmap_rwsem (read) -> page lock: lockdep reports that cycle
// (lock_order). With two threads it cannot deadlock (two readers); with a
// writer queued between them it does: memory_failure_fault_truncate and
// FINDINGS.md. (Until issue 14 the model left collect_procs out, and this
// variant verified.)
// v6.1: the fault holds its vma_lock, not i_mmap_rwsem, when it locks page0;
// memory_failure trylocks that vma_lock under i_mmap_rwsem: no cycle.
// naive (the Dec 2018 b43a99900559 form on v5.7): i_mmap_lock_write under
// the page lock. memory_failure holds page0's lock and waits for
// i_mmap_rwsem; the fault holds i_mmap_rwsem (read) and waits for page0's
// lock: ABBA. Lockdep reports a cycle (lock_order): the first one it meets
// is collect_procs_file's, as in `after`; without lockdep the exploration
// finds the two-thread deadlock of the write itself, which `after` does not
// have (tests/lock_order_test.cpp).
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class MemoryFailureLockOrder : public ScenarioInstance {
 public:
  explicit MemoryFailureLockOrder(const ScenarioConfig& c) : w_(world_config(c, 2)) {
    w_.setup_mappings_and_reservations();
    page_ = w_.setup_fault(kS, 0);
    w_.setup_pmd(kF);  // F faulted elsewhere before: its own, empty, PMD page
  }

  void start() override {
    spawn("memory_failure", [this] { memory_failure(w_, page_); });
    spawn("fault", [this] { hugetlb_fault(w_, kF, 0); });
  }

  void finish() override { check_world(w_, false, false); }

 private:
  static constexpr int kF = 0;
  static constexpr int kS = 1;
  World w_;
  int page_ = 0;
};

const std::vector<std::string> kCoverage = {
    "hugetlb_no_page found the page in the page cache",
    "hugetlb_page_mapping_lock_write dropped the page lock to wait for i_mmap_rwsem"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "memory_failure_lock_order",
    .summary = "memory-failure's i_mmap_rwsem under the page lock against a fault's "
               "i_mmap_rwsem -> fault mutex -> page lock",
    .params = {ptrs_per_pmd_param()},
    .variants = {"before", "after", "naive", "v6.1"},
    .expectations = {{.variant = "before", .coverage = {"hugetlb_no_page found the page in the page cache"}},
                     {.variant = "after",
                      .violation = true,
                      .kind = ViolationKind::lock_order,
                      .message = "(page.PG_locked)"},
                     {.variant = "v6.1",
                      .coverage = {"hugetlb_no_page found the page in the page cache"}},
                     {.variant = "naive",
                      .violation = true,
                      .kind = ViolationKind::lock_order,
                      .message = "(page.PG_locked)"}},
    .coverage_points = kCoverage,
    .max_steps = 400,
    .lockdep = true,
    .make = make_instance<MemoryFailureLockOrder>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
