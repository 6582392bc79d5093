// migrate_punch_hole_2026: the ABBA of "migrate: Correct lock ordering for
// hugetlb file folios" (Matthew Wilcox, Jan 2026; Fixes 336bf30eb765;
// syzbot; kernel-reference §6.e).
//
// F maps page0 (index 0) of a hugetlbfs file MAP_SHARED. Thread `migrate`
// migrates page0 (move_pages isolated it: a reference); thread `punch hole`
// punches a hole that starts inside page0 (fallocate PUNCH_HOLE with an
// unaligned offset), so hugetlbfs_zero_partial_page zeroes part of it.
//
// v6.x (336bf30eb765's migration): migration locks page0, trylocks
// i_mmap_rwsem for write, try_to_unmap, drops the write lock, moves the page
// and calls remove_migration_ptes(..., false), which takes i_mmap_rwsem for
// read with the page (and the new page) locked. Hole punch holds
// i_mmap_rwsem for write and, in hugetlbfs_zero_partial_page, waits for the
// page lock of whichever page the page cache holds: migration waits for the
// rwsem, hole punch for the page: deadlock.
//
// v6.x-fixed (Wilcox): the write lock is kept across remove_migration_ptes
// (RMP_LOCKED), so migration never asks for the rwsem while it holds a page
// lock it did not get by trylock.
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class MigratePunchHole2026 : public ScenarioInstance {
 public:
  explicit MigratePunchHole2026(const ScenarioConfig& c) : w_(migrate_world(c)) {
    w_.setup_mappings_and_reservations();
    page_ = w_.setup_fault(kF, 0);
    // isolate_huge_page before the threads start: a reference.
    w_.page[page_].refcount.poke(w_.page[page_].refcount.peek() + 1);
  }

  void start() override {
    spawn("migrate", [this] { unmap_and_move_huge_page(w_, page_); });
    spawn("punch hole", [this] { hugetlbfs_punch_hole_partial(w_, 0, 1); });
  }

  void finish() override { check_world(w_, false, false); }

 private:
  static constexpr int kF = 0;
  World w_;
  int page_ = 0;
};

const std::vector<std::string> kCoverage = {
    "hugetlbfs_zero_partial_page locks a page under i_mmap_rwsem write",
    "migration moved the page to a new page",
    "hugetlb_page_mapping_lock_write's trylock failed (336bf30eb765: no slow path)"};

const bool registered = register_scenario(ScenarioSpec{
    .name = "migrate_punch_hole_2026",
    .summary = "migration's remove_migration_ptes takes i_mmap_rwsem under the page lock while "
               "hole punch zeroes a partial page under i_mmap_rwsem write (Jan 2026 ABBA)",
    .params = {ptrs_per_pmd_param()},
    .variants = {"v6.x", "v6.x-fixed"},
    .expectations = {{.variant = "v6.x",
                      .violation = true,
                      .kind = ViolationKind::deadlock,
                      .message = "down_read(mapping.i_mmap_rwsem)"},
                     {.variant = "v6.x-fixed", .coverage = kCoverage}},
    .coverage_points = kCoverage,
    .max_steps = 400,
    .make = make_instance<MigratePunchHole2026>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
