// fault_fault_share: two processes F and S fault on one PUD window of a
// shared hugetlbfs mapping at the same time (FAULT_IDX_F, FAULT_IDX_S), both
// with empty PUDs. Each fault's huge_pmd_share looks for the other's PMD
// page under i_mmap_rwsem read (v5.6: inside huge_pmd_share; v5.7: held by
// the fault); either finds none and allocates its own (pmd_alloc under
// mm->page_table_lock), or shares the other's and populates its PUD under
// that PMD page's ptl. Nothing unshares, so every variant is expected to be
// verified: the PMD refcounts, mapcounts, rss sum and reservations stay
// consistent, and two faults on one index meet at the fault mutex.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class FaultFaultShare : public ScenarioInstance {
 public:
  explicit FaultFaultShare(const ScenarioConfig& c)
      : w_(world_config(c, 2)),
        idx_f_(static_cast<int>(c.param("FAULT_IDX_F"))),
        idx_s_(static_cast<int>(c.param("FAULT_IDX_S"))),
        second_(c.param("SECOND_FAULT") != 0) {
    check(idx_f_ < w_.ptrs_per_pmd && idx_s_ < w_.ptrs_per_pmd, "fault index beyond the window");
    w_.setup_mappings_and_reservations();
  }

  void start() override {
    spawn("fault F", [this] { hugetlb_fault(w_, 0, idx_f_); });
    if (second_) spawn("fault S", [this] { hugetlb_fault(w_, 1, idx_s_); });
  }

  void finish() override { check_world(w_, false, false); }

 private:
  World w_;
  int idx_f_, idx_s_;
  bool second_;
};

const std::vector<std::string> kCoverage = {
    "huge_pmd_share populated a PUD with another mm's PMD page",
    "hugetlb_no_page found the page in the page cache"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "fault_fault_share",
    .summary = "two faults in two mms on one PUD window share (or not) a PMD page",
    .params = {ptrs_per_pmd_param(),
               {"FAULT_IDX_F", 0, 0, 3, "index F faults on"},
               {"FAULT_IDX_S", 0, 0, 3, "index S faults on"},
               {"SECOND_FAULT", 1, 0, 1, "0 leaves S's fault out (a vacuous run, for tests)"}},
    .variants = hugetlb_variants(),
    .expectations = {{.variant = "before", .coverage = kCoverage},
                     {.variant = "patch1", .coverage = kCoverage},
                     {.variant = "after", .coverage = kCoverage},
                     // v6.1 allocates ptep under the fault mutex, so with both
                     // faults on one index the second always shares the first's
                     // PMD page and finds the pte present, never the page alone.
                     {.variant = "v6.1",
                      .coverage = {"huge_pmd_share populated a PUD with another mm's PMD page"}}},
    .coverage_points = kCoverage,
    .max_steps = 400,
    .make = make_instance<FaultFaultShare>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
