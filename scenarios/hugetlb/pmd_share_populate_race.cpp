// pmd_share_populate_race: huge_pmd_share populates the PUD under the wrong
// lock (Peter Xu, June 2023, "mm/hugetlb: fix pgtable lock on pmd sharing",
// Fixes cb900f412154; kernel-reference §2.1 note).
//
// F and S map a hugetlbfs file MAP_SHARED, all PUDs none. Threads `fault
// F0` and `fault F1` fault indices 0 and 1 of the same mm F (different
// fault mutexes); thread `fault S` faults index 1 in S.
//
// before/after (v5.6 and v5.7 alike: faults share i_mmap_rwsem for read):
// F1's huge_pmd_share finds no PMD page to share (S has none yet) and goes
// to __pmd_alloc, which checks and populates F's PUD under
// mm->page_table_lock. S faults and gets its own PMD page. F0's
// huge_pmd_share now finds S's page and checks and populates F's PUD under
// that page's ptl. The two checks both see the PUD none: the later
// pud_populate overwrites the earlier, so one PMD page keeps a reference
// (and an nr_pmds count) that no PUD stands for (invariant 4).
//
// v6.1: the same race (huge_pmd_share still populates under the candidate
// PMD page's ptl; the fault's vma_lock is a read lock and the two faults
// hold different fault mutexes). v6.x has the 2023 fix.
// pud-lock (the fix): huge_pmd_share takes mm->page_table_lock, the lock
// __pmd_alloc takes, so one of them sees the PUD populated and drops its
// page or reference.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class PmdSharePopulateRace : public ScenarioInstance {
 public:
  explicit PmdSharePopulateRace(const ScenarioConfig& c) : w_(world_config(c, 2)) {
    w_.setup_mappings_and_reservations();
  }

  void start() override {
    spawn("fault F0", [this] { hugetlb_fault(w_, kF, 0); });
    spawn("fault F1", [this] { hugetlb_fault(w_, kF, 1); });
    spawn("fault S", [this] { hugetlb_fault(w_, kS, 1); });
  }

  void finish() override { check_world(w_, false, false); }

 private:
  static constexpr int kF = 0;
  static constexpr int kS = 1;
  World w_;
};

const std::vector<std::string> kCoverage = {
    "huge_pmd_share populated a PUD with another mm's PMD page",
    "__pmd_alloc found the PUD populated meanwhile and freed its page",
    "huge_pmd_share found the PUD populated meanwhile and dropped its reference"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "pmd_share_populate_race",
    .summary = "two faults of one mm populate its PUD, one in huge_pmd_share under a PMD "
               "page's ptl, one in __pmd_alloc under page_table_lock (2023 fix)",
    .params = {ptrs_per_pmd_param()},
    .variants = {"before", "after", "pud-lock", "v6.1", "v6.x"},
    .expectations = {{.variant = "before",
                      .violation = true,
                      .kind = ViolationKind::invariant,
                      .message = "PUDs point to it"},
                     {.variant = "after",
                      .violation = true,
                      .kind = ViolationKind::invariant,
                      .message = "PUDs point to it"},
                     {.variant = "pud-lock", .coverage = kCoverage},
                     {.variant = "v6.1",
                      .violation = true,
                      .kind = ViolationKind::invariant,
                      .message = "PUDs point to it"},
                     {.variant = "v6.x", .coverage = kCoverage}},
    .coverage_points = kCoverage,
    .max_steps = 600,
    .make = make_instance<PmdSharePopulateRace>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
