// stray_pte_alloc_exit: the race 34ae204f1851 "hugetlbfs: remove call to
// huge_pte_alloc without i_mmap_rwsem" (v5.9-rc1, 5.7.y; Fixes c0d0381ade79)
// closed (kernel-reference §6.e).
//
// F and S map a hugetlbfs file MAP_SHARED; S faulted index 1, so its PUD
// points to PMD page pmd0. Thread `fault` takes a fault in F on index 0
// (F's PUD is none); thread `exit S` tears S down.
//
// patch1 (c0d0381ade79 alone, v5.7.0): huge_pte_offset finds F's PUD none,
// so the stray `else ptep = huge_pte_alloc()` runs before i_mmap_rwsem is
// taken: huge_pmd_share walks i_mmap with no lock, finds S's VMA still
// VM_MAYSHARE and reads S's PUD (pmd0). S exits meanwhile:
// unmap_single_vma (i_mmap_rwsem write) zaps S's pte (pmd0 is not shared),
// clears VM_MAYSHARE, free_pgtables clears S's PUD and frees pmd0. The fault
// then does get_page on pmd0: a use after free of the page-table page.
//
// v6.1: huge_pte_alloc runs under the fault's vma_lock (read) and
// huge_pmd_share takes i_mmap_rwsem itself; S's exit frees its vma_lock
// under i_mmap_rwsem write, which makes S ineligible for sharing.
// after (v5.7 + 34ae204f1851): the only huge_pte_alloc runs under
// i_mmap_rwsem (read), and huge_pmd_share asserts it; exit's
// __unmap_hugepage_range_final clears VM_MAYSHARE under the write lock, so
// the walk either sees S still sharable with pmd0 alive (and takes its
// reference before S's unmap, which then unshares S) or sees S dying.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class StrayPteAllocExit : public ScenarioInstance {
 public:
  explicit StrayPteAllocExit(const ScenarioConfig& c) : w_(world_config(c, 2)) {
    w_.setup_mappings_and_reservations();
    w_.setup_fault(kS, 1);  // S populated the window: pmd0
  }

  void start() override {
    spawn("fault", [this] { hugetlb_fault(w_, kF, 0); });
    spawn("exit S", [this] { exit_mmap(w_, kS); });
  }

  void finish() override { check_world(w_, false, false); }

 private:
  static constexpr int kF = 0;
  static constexpr int kS = 1;
  World w_;
};

const std::vector<std::string> kCoverage = {
    "huge_pmd_share took a reference on another mm's PMD page",
    "huge_pmd_share populated a PUD with another mm's PMD page",
    "huge_pmd_unshare returned 1", "a PMD page was freed"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "stray_pte_alloc_exit",
    .summary = "v5.7.0's unlocked huge_pte_alloc reads S's PMD page while S exits and frees it "
               "(34ae204f1851)",
    .params = {ptrs_per_pmd_param()},
    .variants = {"patch1", "after", "v6.1"},
    .expectations = {{.variant = "patch1",
                      .violation = true,
                      .kind = ViolationKind::use_after_free,
                      .message = "pmd0.refcount"},
                     {.variant = "after", .coverage = kCoverage},
                     {.variant = "v6.1", .coverage = kCoverage}},
    .coverage_points = kCoverage,
    .max_steps = 400,
    .make = make_instance<StrayPteAllocExit>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
