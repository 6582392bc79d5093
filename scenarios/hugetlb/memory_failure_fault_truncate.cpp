// memory_failure_fault_truncate: memory-failure's collect_procs_file takes
// i_mmap_rwsem for read under the page lock (mm/memory-failure.c, v5.6 =
// v5.7), a fault holds i_mmap_rwsem for read while it waits for that page
// lock (v5.7, c0d0381ade79), and a truncation queues for the write lock in
// between. FINDINGS.md has the answer and the kernel lines.
//
// F and S map a hugetlbfs file MAP_SHARED, each with its own PMD page; S
// faulted index 0 (page0). Thread `memory_failure` poisons page0; thread
// `fault` faults F on index 0 (hugetlb_no_page finds page0 in the page cache
// and lock_page()s it); thread `truncate` truncates the file to one page
// (index 1 goes; page0 stays).
//
// after (v5.7): fault takes i_mmap_rwsem (read), the fault mutex;
// memory_failure locks page0; truncation's down_write queues behind the
// fault's read hold; memory_failure's down_read in collect_procs_file
// queues behind the waiting writer (rw_semaphore fairness); the fault's
// find_lock_page waits for page0's lock. Nobody can run: deadlock.
// v6.1: the fault again holds no i_mmap_rwsem (its vma_lock instead), so as
// in v5.6 the queued reader never waits for the fault: verified.
// before (v5.6): the fault holds no i_mmap_rwsem when it locks page0, so
// the reader queued behind truncation never waits for the fault.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class MemoryFailureFaultTruncate : public ScenarioInstance {
 public:
  explicit MemoryFailureFaultTruncate(const ScenarioConfig& c) : w_(world_config(c, 2)) {
    w_.setup_mappings_and_reservations();
    page_ = w_.setup_fault(kS, 0);
    w_.setup_pmd(kF);  // F faulted elsewhere before: its own, empty, PMD page
  }

  void start() override {
    spawn("memory_failure", [this] { memory_failure(w_, page_); });
    spawn("fault", [this] { hugetlb_fault(w_, kF, 0); });
    spawn("truncate", [this] { hugetlb_vmtruncate(w_, 1); });
  }

  void finish() override { check_world(w_, true, false); }

 private:
  static constexpr int kF = 0;
  static constexpr int kS = 1;
  World w_;
  int page_ = 0;
};

const std::vector<std::string> kCoverage = {"hugetlb_no_page found the page in the page cache",
                                            "collect_procs_file had to wait for i_mmap_rwsem"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "memory_failure_fault_truncate",
    .summary = "collect_procs_file's i_mmap_rwsem read under the page lock, a v5.7 fault's read "
               "hold while it waits for the page lock, and a writer queued in between",
    .params = {ptrs_per_pmd_param()},
    .variants = {"before", "after", "v6.1"},
    .expectations = {{.variant = "before", .coverage = kCoverage},
                     {.variant = "after",
                      .violation = true,
                      .kind = ViolationKind::deadlock,
                      .message = "memory_failure waits in down_read(mapping.i_mmap_rwsem)"},
                     {.variant = "v6.1", .coverage = kCoverage}},
    .coverage_points = kCoverage,
    .max_steps = 600,
    .make = make_instance<MemoryFailureFaultTruncate>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
