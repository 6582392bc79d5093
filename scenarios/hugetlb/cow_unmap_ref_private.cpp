// cow_unmap_ref_private: the v5.7 hugetlb_cow error path (kernel-reference
// §2.2). F mapped a hugetlbfs file MAP_PRIVATE (F owns the reservations:
// HPAGE_RESV_OWNER), faulted index 0 (an anonymous page, page0) and forked
// S: both map page0 write-protected, each through its own PMD page. Thread
// `fault F` writes to index 0: hugetlb_fault -> hugetlb_cow; page0 has two
// mappings, so a copy is allocated, and the allocation may fail (choose(2):
// the rest of the system used the pool up). On failure F, the owner, calls
// unmap_ref_private to take page0 away from S, then reuses page0. Thread
// `fault S` (CHILD_FAULT) writes to index 0 in the child at the same time.
//
// before (v5.6): unmap_ref_private takes i_mmap_rwsem for write under the
// fault mutex and the page lock; the fault holds no i_mmap_rwsem: fine.
// after (v5.7, c0d0381ade79): the fault holds i_mmap_rwsem for read from
// before huge_pte_alloc, so unmap_ref_private's down_write waits for the
// fault itself: a self-deadlock (syzbot, fixed in Dec 2020).
// v6.1: the fault takes no i_mmap_rwsem and a MAP_PRIVATE VMA has no
// vma_lock; hugetlb_wp still drops the fault mutex around unmap_ref_private.
// v5.11 ("mm/hugetlb: fix deadlock in hugetlb_cow error path"): the fault
// mutex and i_mmap_rwsem are dropped around unmap_ref_private and retaken.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class CowUnmapRefPrivate : public ScenarioInstance {
 public:
  explicit CowUnmapRefPrivate(const ScenarioConfig& c)
      : w_(private_world(c, 3)),  // page0 mapped; two free pages for the copies
        child_fault_(c.param("CHILD_FAULT") != 0) {
    w_.setup_private_fork(kF, kS, 0);
  }

  void start() override {
    spawn("fault F", [this] { hugetlb_fault(w_, kF, 0); });
    if (child_fault_) spawn("fault S", [this] { hugetlb_fault(w_, kS, 0); });
  }

  void finish() override { check_world(w_, false, false); }

 private:
  static constexpr int kF = 0;  // the parent, HPAGE_RESV_OWNER
  static constexpr int kS = 1;  // the child
  World w_;
  bool child_fault_;
};

const std::vector<std::string> kCoverage = {
    "hugetlb_cow's allocation failed in the owner: unmap_ref_private",
    "unmap_ref_private unmapped the page from a child",
    "hugetlb_cow retried after unmap_ref_private",
    "hugetlb_cow reused the page (its only mapping)"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "cow_unmap_ref_private",
    .summary =
        "a MAP_PRIVATE COW whose allocation fails unmaps the child's page under i_mmap_rwsem",
    .params = {ptrs_per_pmd_param(),
               {"CHILD_FAULT", 1, 0, 1, "0 leaves the child's concurrent write fault out"}},
    .variants = {"before", "after", "v5.11", "v6.1"},
    .expectations = {{.variant = "before", .coverage = kCoverage},
                     {.variant = "after",
                      .violation = true,
                      .kind = ViolationKind::deadlock,
                      .message = "waits in down_write(mapping.i_mmap_rwsem)"},
                     {.variant = "v5.11", .coverage = kCoverage},
                     {.variant = "v6.1", .coverage = kCoverage}},
    .coverage_points = {"hugetlb_cow's allocation failed in the owner: unmap_ref_private",
                        "unmap_ref_private unmapped the page from a child",
                        "hugetlb_cow retried after unmap_ref_private",
                        "hugetlb_cow reused the page (its only mapping)",
                        "hugetlb_cow mapped a copy",
                        "hugetlb_no_page returned SIGBUS: unmap_ref_private took this VMA's page"},
    .max_steps = 400,
    .make = make_instance<CowUnmapRefPrivate>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
