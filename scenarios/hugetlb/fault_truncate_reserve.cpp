// fault_truncate_reserve: the fault/truncation race fixed by 87bf91d39bb5
// (kernel-reference §4).
//
// One process F maps a hugetlbfs file of PTRS_PER_PMD huge pages MAP_SHARED;
// every index was reserved at mmap time (resv_map entry + resv_huge_pages).
// Thread `fault` faults the last index; thread `truncate` truncates the file
// to one page less, below the faulting index.
//
// v5.6: hugetlb_no_page passes its first i_size check with the old size and
// allocates (consuming the reservation: resv_huge_pages--). Truncation writes
// i_size without i_mmap_rwsem, unmaps nothing, and remove_inode_hugepages
// finds no page at that index yet (freed = 0), so hugetlb_unreserve_pages
// counts the index as an unconsumed reservation and returns it a second
// time (resv_huge_pages--). The fault then adds its page to the page cache
// (ClearPagePrivate), sees the new i_size under the ptl, and backs out,
// leaving the page in the page cache beyond i_size: invariant 5.
//
// patch1 (c0d0381ade79 alone), checked with the checker: the scenario is
// VERIFIED, confirming hugetlb-model.md's reading. With i_size still
// written before i_mmap_rwsem, the fault can still pass check #1 with the
// old size, add its page and back out at check #2, leaving the page beyond
// i_size (coverage point "hugetlb_no_page backed out a page it had added to
// the page cache beyond i_size" is reached). But the fault holds
// i_mmap_rwsem for read across hugetlb_no_page, and truncation cannot get
// past down_write until the fault is done; remove_inode_hugepages runs after
// that and finds the stray page (freed = 1; coverage point
// "remove_inode_hugepages removed the page a fault's backout had left beyond
// i_size"), so hugetlb_unreserve_pages returns chg - freed = 0 and the
// counters stay right. The interleaving: fault: down_read, i_size (old),
// alloc_huge_page; truncate: i_size_write, down_write (waits); fault: add to
// page cache, ptl, i_size (new) -> backout, up_read; truncate: vmdelete,
// up_write, remove_inode_hugepages removes the page.
//
// v6.1 (vma_lock, fa27759af4a6): the open question of kernel-reference
// §6.c, answered with a counterexample (FINDINGS.md). The fault holds the
// fault mutex and its vma_lock (read) and passes its single i_size check
// with the old size; truncation writes i_size, hugetlb_vmdelete_list's
// trylock of the vma_lock fails and skips F's VMA, and
// remove_inode_hugepages' lookup finds no page at the index yet (the
// lookup takes no fault mutex), so hugetlb_unreserve_pages returns the
// reservation the fault already consumed; the fault then adds and maps its
// page: a page beyond i_size stays in the page cache and mapped after
// truncation returned, and resv_huge_pages is one short.
// after: i_size is written under i_mmap_rwsem write and checked once, so
// the fault sees the new size and returns SIGBUS, or truncation waits and
// then unmaps and removes the fault's page.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class FaultTruncateReserve : public ScenarioInstance {
 public:
  explicit FaultTruncateReserve(const ScenarioConfig& c)
      : w_(world_config(c, 1)), truncate_(c.param("TRUNCATE") != 0) {
    w_.setup_mappings_and_reservations();
  }

  void start() override {
    const int last = w_.ptrs_per_pmd - 1;
    spawn("fault", [this, last] { hugetlb_fault(w_, kF, last); });
    if (truncate_) spawn("truncate", [this, last] { hugetlb_vmtruncate(w_, last); });
  }

  void finish() override { check_world(w_, truncate_, false); }

 private:
  static constexpr int kF = 0;
  World w_;
  bool truncate_;
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "fault_truncate_reserve",
    .summary = "a fault on the last page races with truncation below it: stray page, reserve count",
    .params = {ptrs_per_pmd_param(),
               {"TRUNCATE", 1, 0, 1,
                "0 leaves the truncating thread out (a vacuous run, for tests)"}},
    .variants = hugetlb_variants(),
    .expectations =
        {{.variant = "before",
          .violation = true,
          .kind = ViolationKind::invariant,
          .message = "in the page cache at index"},
         {.variant = "patch1",
          .coverage =
              {"hugetlb_no_page returned SIGBUS: the fault saw the new i_size",
               "hugetlb_no_page backed out a page it had added to the page cache beyond i_size",
               "remove_inode_hugepages removed the page a fault's backout had left beyond i_size"}},
         {.variant = "after",
          .coverage = {"hugetlb_no_page returned SIGBUS: the fault saw the new i_size"}},
         {.variant = "v6.1",
          .violation = true,
          .kind = ViolationKind::invariant,
          .message = "in the page cache at index"}},
    .coverage_points =
        {"hugetlb_no_page returned SIGBUS: the fault saw the new i_size",
         "hugetlb_no_page backed out a page it had added to the page cache beyond i_size",
         "remove_inode_hugepages removed the page a fault's backout had left beyond i_size"},
    .max_steps = 400,
    .make = make_instance<FaultTruncateReserve>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
