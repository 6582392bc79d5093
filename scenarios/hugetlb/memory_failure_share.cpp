// memory_failure_share: memory failure on a page in a shared PMD page while a
// sharer faults (c0d0381ade79's rmap part, kernel-reference §2.6-2.8).
//
// F and S map a hugetlbfs file MAP_SHARED and share PMD page pmd0 (refcount
// 2); S faulted the last index (page0). Thread `memory_failure` poisons
// page0; thread `fault` takes a fault in F on index 0.
//
// v5.6: hwpoison_user_mappings -> try_to_unmap -> rmap_walk_file takes
// i_mmap_rwsem for READ only; try_to_unmap_one for F's VMA finds page0
// through pmd0 and huge_pmd_unshare clears F's PUD. The fault got its ptep
// into pmd0 from huge_pte_offset with no lock at all and writes through it
// after the unshare: invariant 1. (A read lock would not help either: the
// fault's i_mmap_rwsem in patch1 is also a read lock.)
//
// v6.1: as after for i_mmap_rwsem (336bf30eb765's trylock), plus
// try_to_unmap_one trylocks F's vma_lock before huge_pmd_unshare and fails
// the unmap while the fault holds it.
// patch1/after: memory_failure takes i_mmap_rwsem for WRITE through
// hugetlb_page_mapping_lock_write (trylock under the page lock, else drop the
// page lock, down_write, relock) and unmaps with TTU_RMAP_LOCKED, so the
// unshare cannot overlap the fault's use of ptep.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class MemoryFailureShare : public ScenarioInstance {
 public:
  explicit MemoryFailureShare(const ScenarioConfig& c)
      : w_(world_config(c, 2)), fault_(c.param("FAULT") != 0) {
    w_.setup_mappings_and_reservations();
    page_ = w_.setup_fault(kS, w_.ptrs_per_pmd - 1);
    w_.setup_share(kF, kS);
  }

  void start() override {
    spawn("memory_failure", [this] { memory_failure(w_, page_); });
    if (fault_) spawn("fault", [this] { hugetlb_fault(w_, kF, 0); });
  }

  void finish() override { check_world(w_, false, false); }

 private:
  static constexpr int kF = 0;
  static constexpr int kS = 1;
  World w_;
  int page_ = 0;
  bool fault_;
};

const std::vector<std::string> kCoverage = {
    "try_to_unmap_one unshared a PMD page",
    "hugetlb_page_mapping_lock_write dropped the page lock to wait for i_mmap_rwsem"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "memory_failure_share",
    .summary = "memory-failure unmaps a page in a shared PMD page while a sharer faults",
    .params = {ptrs_per_pmd_param(),
               {"FAULT", 1, 0, 1, "0 leaves the fault out (a vacuous run, for tests)"}},
    .variants = hugetlb_variants(),
    .expectations = {{.variant = "before",
                      .violation = true,
                      .kind = ViolationKind::invariant,
                      .message = "wrote a pte through a ptep into PMD page"},
                     {.variant = "patch1", .coverage = kCoverage},
                     {.variant = "after", .coverage = kCoverage},
                     {.variant = "v6.1",
                      .coverage = {"try_to_unmap_one unshared a PMD page",
                                   "try_to_unmap_one failed: the vma_lock was busy"}}},
    .coverage_points =
        {"try_to_unmap_one unshared a PMD page",
         "huge_pmd_unshare returned 1 while a fault held a ptep into that PMD page",
         "hugetlb_page_mapping_lock_write dropped the page lock to wait for i_mmap_rwsem",
         "try_to_unmap_one failed: the vma_lock was busy"},
    .max_steps = 400,
    .make = make_instance<MemoryFailureShare>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
