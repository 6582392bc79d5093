// cow_pagecache_fault_mutex: the ABBA of Gavin Guo's 2025 "mm/hugetlb: fix
// a deadlock with pagecache_folio and hugetlb_fault_mutex_table" (Fixes
// 40549ba8f8e0; kernel-reference §6.c), in the v5.11 form of the code it
// names: hugetlb_cow's error path drops the fault mutex around
// unmap_ref_private and retakes it while the fault still holds the lock of
// pagecache_page.
//
// F mapped a hugetlbfs file MAP_PRIVATE (HPAGE_RESV_OWNER), COWed index 0
// (anon page0) and forked S: both map page0 write-protected. The file also
// has a page-cache page at index 0 (page1: another process wrote it through
// a shared mapping). Thread `fault F` writes index 0: hugetlb_fault locks
// pagecache_page (find_lock_page(page1)) because the mapping is private,
// then hugetlb_cow: page0 has two mappings, the copy's allocation fails
// (choose), F is the owner and page0 is not the page-cache page, so
// outside_reserve: unmap_ref_private. Thread `fault S` writes index 0 in
// the child.
//
// v5.11: F drops the fault mutex and i_mmap_rwsem for unmap_ref_private,
// still holding page1's lock; S takes i_mmap_rwsem (read) and the fault
// mutex and waits in hugetlbfs_pagecache_page for page1's lock; F's
// unmap_ref_private waits for i_mmap_rwsem (write) behind S's read hold (or,
// if it got it first, F's retake of the fault mutex waits for S): deadlock.
// The explorer meets the i_mmap_rwsem form first.
// v6.1 (the kernel the 2025 report is about; 40549ba8f8e0): hugetlb_wp
// drops the vma_lock (a no-op for a MAP_PRIVATE VMA) and the fault mutex
// for unmap_ref_private, which takes i_mmap_rwsem for write at once (no
// fault holds it any more); S takes the fault mutex and waits for page1's
// lock; F's retake of the fault mutex waits for S: deadlock, now in the
// fault-mutex form of the report.
// v6.x (with Gavin Guo's fix, a250ec057360, v3 form): hugetlb_wp unlocks
// page1 before it drops the fault mutex and does not relock it: verified.
// before (v5.6): F keeps the fault mutex across unmap_ref_private (taking
// i_mmap_rwsem for write under it), so S waits for the fault mutex, which
// F releases at the end: no cycle.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

model::WorldConfig private_pagecache_world(const ScenarioConfig& c) {
  model::WorldConfig wc = world_config(c, 2);
  wc.private_mappings = true;
  wc.page_pool = 4;  // page0 anon, page1 in the page cache, two free pages for copies
  return wc;
}

class CowPagecacheFaultMutex : public ScenarioInstance {
 public:
  explicit CowPagecacheFaultMutex(const ScenarioConfig& c) : w_(private_pagecache_world(c)) {
    w_.setup_private_fork(kF, kS, 0);
    w_.setup_pagecache_page(0);
  }

  void start() override {
    spawn("fault F", [this] { hugetlb_fault(w_, kF, 0); });
    spawn("fault S", [this] { hugetlb_fault(w_, kS, 0); });
  }

  void finish() override { check_world(w_, false, false); }

 private:
  static constexpr int kF = 0;  // the parent, HPAGE_RESV_OWNER
  static constexpr int kS = 1;  // the child
  World w_;
};

const std::vector<std::string> kCoverage = {
    "hugetlb_cow's allocation failed in the owner: unmap_ref_private",
    "unmap_ref_private unmapped the page from a child"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "cow_pagecache_fault_mutex",
    .summary = "hugetlb_cow's error path drops and retakes the fault mutex while holding the "
               "page-cache page's lock (the 2025 Gavin Guo ABBA: v5.11 and v6.1, fixed in v6.x)",
    .params = {ptrs_per_pmd_param()},
    .variants = {"before", "v5.11", "v6.1", "v6.x"},
    .expectations = {{.variant = "before", .coverage = kCoverage},
                     {.variant = "v5.11",
                      .violation = true,
                      .kind = ViolationKind::deadlock,
                      .message = "fault S waits in lock(page1.PG_locked)"},
                     {.variant = "v6.1",
                      .violation = true,
                      .kind = ViolationKind::deadlock,
                      .message = "fault F waits in lock(hugetlb_fault_mutex[0])"},
                     {.variant = "v6.x",
                      .coverage = {"hugetlb_cow's allocation failed in the owner: unmap_ref_private",
                                   "unmap_ref_private unmapped the page from a child",
                                   "hugetlb_cow unlocked the page-cache page before dropping the "
                                   "fault mutex"}}},
    .coverage_points = {kCoverage[0], kCoverage[1],
                        "hugetlb_cow unlocked the page-cache page before dropping the fault mutex"},
    .max_steps = 600,
    .make = make_instance<CowPagecacheFaultMutex>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
