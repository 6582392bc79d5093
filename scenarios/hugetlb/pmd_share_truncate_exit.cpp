// pmd_share_truncate_exit: pmd_share_truncate (c0d0381ade79, kernel-reference
// §3, "or worse"), plus S exits, so the PMD page the fault's stale ptep
// points into is freed under it.
//
// v5.6: F's fault gets a ptep into pmd0 through huge_pmd_share (refcount 2)
// and drops i_mmap_rwsem. Truncation unshares F (F's PUD cleared, refcount
// 1). S exits: unmap_single_vma under i_mmap_rwsem write finds refcount 1,
// so it zaps S's ptes instead of unsharing; free_pgtables clears S's PUD and
// the final put_page frees pmd0 (refcount 0). The fault then takes pmd0's
// ptl, the spinlock inside the freed page: use_after_free.
//
// This scenario turns off the ownership half of invariant 1 (the write into
// a PMD page that F no longer maps is pmd_share_truncate's violation), so
// that the search reports the use after free that follows it.
//
// patch1: the BUG_ON of pmd_share_truncate's patch1 run, before any free.
// v6.1: the fault's vma_lock (read) keeps F's PUD in place while it holds
// ptep (every unshare needs the lock for write); S's exit frees S's vma_lock
// under i_mmap_rwsem (hugetlb_unmap_file_folio then finds it detached).
// after: the fault holds i_mmap_rwsem for read while it holds ptep;
// both the unshare (truncation) and the teardown (unmap_single_vma) need it
// for write, so pmd0 cannot lose F's reference while F uses it.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class PmdShareTruncateExit : public ScenarioInstance {
 public:
  explicit PmdShareTruncateExit(const ScenarioConfig& c)
      : w_(config(c)), exit_(c.param("EXIT") != 0) {
    w_.setup_mappings_and_reservations();
    w_.setup_fault(kS, w_.ptrs_per_pmd - 1);
  }

  void start() override {
    spawn("fault", [this] { hugetlb_fault(w_, kF, 0); });
    spawn("truncate", [this] { hugetlb_vmtruncate(w_, w_.ptrs_per_pmd - 1); });
    if (exit_) spawn("exit S", [this] { exit_mmap(w_, kS); });
  }

  void finish() override { check_world(w_, true, false); }

 private:
  static WorldConfig config(const ScenarioConfig& c) {
    WorldConfig wc = world_config(c, 2);
    wc.check_ptep_owner = false;
    return wc;
  }
  static constexpr int kF = 0;
  static constexpr int kS = 1;
  World w_;
  bool exit_;
};

const std::vector<std::string> kCoverage = {
    "huge_pmd_share populated a PUD with another mm's PMD page", "huge_pmd_unshare returned 1",
    "a fault installed its pte while truncation waited for i_mmap_rwsem"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "pmd_share_truncate_exit",
    .summary = "as pmd_share_truncate, and S exits: the stale ptep points into a freed PMD page",
    .params = {ptrs_per_pmd_param(), {"EXIT", 1, 0, 1, "0 leaves S's exit out"}},
    .variants = hugetlb_variants(),
    .expectations = {{.variant = "before",
                      .violation = true,
                      .kind = ViolationKind::use_after_free,
                      .message = "pmd0.ptl"},
                     // The stray unlocked huge_pte_alloc of v5.7.0 (see
                     // pmd_share_truncate): the same BUG_ON, found first.
                     {.variant = "patch1",
                      .violation = true,
                      .kind = ViolationKind::assertion,
                      .message = "BUG_ON(truncate_op)"},
                     {.variant = "after", .coverage = kCoverage},
                     {.variant = "v6.1",
                      .coverage = {"a PMD page was freed", "huge_pmd_unshare returned 1",
                                   "hugetlb_vmdelete_list skipped the VMA of a fault in flight",
                                   "hugetlb_unmap_file_folio found the vma_lock detached from its VMA",
                                   "hugetlb_unmap_file_folio retried the unmap under the vma_lock it "
                                   "waited for"}}},
    .coverage_points = {"huge_pmd_share populated a PUD with another mm's PMD page",
                        "huge_pmd_unshare returned 1",
                        "huge_pmd_unshare returned 1 while a fault held a ptep into that PMD page",
                        "a fault installed its pte while truncation waited for i_mmap_rwsem",
                        "a PMD page was freed",
                        "hugetlb_vmdelete_list skipped the VMA of a fault in flight",
                        "hugetlb_unmap_file_folio found the vma_lock detached from its VMA",
                        "hugetlb_unmap_file_folio retried the unmap under the vma_lock it waited for"},
    .max_steps = 600,
    .make = make_instance<PmdShareTruncateExit>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
