// pmd_share_truncate: the race fixed by c0d0381ade79 (kernel-reference §3).
//
// A hugetlbfs file of PTRS_PER_PMD huge pages is mapped MAP_SHARED, PUD
// aligned, by two processes F and S. S has faulted the last page in, so its
// PUD points to PMD page pmd0 (refcount 1). Thread `fault` takes a write
// fault in F on index FAULT_IDX; thread `truncate` truncates the file to
// PTRS_PER_PMD-1 pages, which keeps F's index.
//
// v5.6: hugetlb_fault -> huge_pte_alloc -> huge_pmd_share finds S's VMA,
// takes a reference on pmd0 and points F's PUD at it, drops i_mmap_rwsem and
// returns a ptep into pmd0. Truncation's hugetlb_vmdelete_list (under
// i_mmap_rwsem write) reaches F's VMA first: huge_pmd_unshare sees refcount
// 2, clears F's PUD for the whole window and drops the reference. The fault,
// holding only the fault mutex, goes on in hugetlb_no_page: it takes pmd0's
// ptl, passes both i_size checks and set_huge_pte_at writes F's pte into
// pmd0, which only S maps now: invariant 1 (and F is charged rss for a page
// it does not map, S maps a page it never faulted).
//
// patch1 (c0d0381ade79 alone, as v5.7.0 shipped it): the stray unlocked
// huge_pte_alloc at the top of hugetlb_fault (removed by 34ae204f1851) runs
// huge_pmd_share with no lock while truncation holds i_mmap_rwsem for write.
// Truncation walks F first (its PUD still none: nothing to do), the fault
// then points F's PUD at pmd0 (refcount 2), and truncation's walk of S finds
// pmd0 shared: huge_pmd_unshare clears S's PUD instead of zapping S's pte
// for the truncated index. That pte now lives in F's page table, so
// remove_inode_hugepages finds the truncated page still mapped:
// BUG_ON(truncate_op) (v5.7 fs/hugetlbfs/inode.c). Until issue 14 the model
// ran patch1 without the stray call and this variant verified.
//
// v6.1 (vma_lock): the fault holds its VMA's vma_lock for read from before
// huge_pte_alloc until it is done with ptep; truncation's
// hugetlb_vmdelete_list only trylocks it and skips F's VMA while the fault
// runs, and remove_inode_hugepages then finds the truncated page still
// mapped (S's pte, or F's through the shared pmd0) and unmaps it through
// hugetlb_unmap_file_folio, waiting for the vma_lock in order: verified,
// with the skip and the retry both taken while the fault was in flight.
// after: the fault holds i_mmap_rwsem for read from before
// huge_pte_alloc until it is done with ptep, and every huge_pmd_unshare runs
// under i_mmap_rwsem write, so the unshare happens entirely before the fault
// gets its ptep (the fault then shares pmd0 again) or after it is done.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class PmdShareTruncate : public ScenarioInstance {
 public:
  explicit PmdShareTruncate(const ScenarioConfig& c)
      : w_(world_config(c, 2)),
        fault_idx_(static_cast<int>(c.param("FAULT_IDX"))),
        truncate_(c.param("TRUNCATE") != 0) {
    check(fault_idx_ < w_.ptrs_per_pmd - 1, "FAULT_IDX must be below the truncated size");
    w_.setup_mappings_and_reservations();
    w_.setup_fault(kS, w_.ptrs_per_pmd - 1);  // S populated the window
  }

  void start() override {
    spawn("fault", [this] { hugetlb_fault(w_, kF, fault_idx_); });
    if (truncate_) spawn("truncate", [this] { hugetlb_vmtruncate(w_, w_.ptrs_per_pmd - 1); });
  }

  void finish() override { check_world(w_, truncate_, false); }

 private:
  static constexpr int kF = 0;
  static constexpr int kS = 1;
  World w_;
  int fault_idx_;
  bool truncate_;
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "pmd_share_truncate",
    .summary =
        "a fault in mm F holds a ptep into a PMD page shared with S while truncation unshares it",
    .params = {ptrs_per_pmd_param(),
               {"FAULT_IDX", 0, 0, 2, "the index F faults on (below the truncated size)"},
               {"TRUNCATE", 1, 0, 1,
                "0 leaves the truncating thread out (a vacuous run, for tests)"}},
    .variants = hugetlb_variants(),
    .expectations =
        {{.variant = "before",
          .violation = true,
          .kind = ViolationKind::invariant,
          .message = "wrote a pte through a ptep into PMD page"},
         {.variant = "patch1",
          .violation = true,
          .kind = ViolationKind::assertion,
          .message = "BUG_ON(truncate_op)"},
         {.variant = "after",
          .coverage = {"huge_pmd_share populated a PUD with another mm's PMD page",
                       "huge_pmd_unshare returned 1",
                       "a fault installed its pte while truncation waited for i_mmap_rwsem"}},
         {.variant = "v6.1",
          .coverage = {"huge_pmd_unshare returned 1",
                       "hugetlb_vmdelete_list skipped the VMA of a fault in flight",
                       "hugetlb_unmap_file_folio's trylock failed: it takes the vma_lock in order",
                       "hugetlb_unmap_file_folio retried the unmap under the vma_lock it waited for"}}},
    .coverage_points = {"huge_pmd_share populated a PUD with another mm's PMD page",
                        "huge_pmd_unshare returned 1",
                        "huge_pmd_unshare returned 1 while a fault held a ptep into that PMD page",
                        "a fault installed its pte while truncation waited for i_mmap_rwsem",
                        "hugetlb_vmdelete_list skipped the VMA of a fault in flight",
                        "hugetlb_unmap_file_folio's trylock failed: it takes the vma_lock in order",
                        "hugetlb_unmap_file_folio retried the unmap under the vma_lock it waited for"},
    .max_steps = 400,
    .make = make_instance<PmdShareTruncate>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
