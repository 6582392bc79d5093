// The v6.1 hugetlb vma_lock protocol (issue 16): the open question of
// kernel-reference §6.c answered both ways round (a page beyond EOF when the
// fault's index is truncated away; verified below the new size, with the
// trylock-skip and the retry both taken while the fault is in flight), the
// lock's lifetime at exit, the hugetlb_vma_assert_locked check in
// huge_pmd_unshare, and the 2025 hugetlb_wp ABBA on v6.1 and its fix.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "model/hugetlb.hpp"
#include "scenarios/hugetlb/common.hpp"
#include "tests/support/hugetlb_kit.hpp"
#include "tools/report.hpp"
#include "checker/explore/strategies.hpp"

namespace mmcheck {
namespace {

ExploreResult explore_variant(const std::string& scenario, const std::string& variant) {
  return testing::explore_variant(scenario, variant, 120);
}

long reached(const ExploreResult& r, const std::string& point) {
  const auto it = r.coverage.find(point);
  return it == r.coverage.end() ? 0 : it->second;
}

TEST(OpenQuestion, TheTrylockSkipLeavesAPageBeyondEof) {
  const ExploreResult r = explore_variant("fault_truncate_reserve", "v6.1");
  ASSERT_TRUE(r.violation.has_value());
  EXPECT_EQ(r.violation->kind, ViolationKind::invariant);
  EXPECT_NE(r.violation->message.find("in the page cache at index 1, at or beyond i_size 1"),
            std::string::npos)
      << r.violation->message;
  EXPECT_GT(reached(r, "hugetlb_vmdelete_list skipped the VMA of a fault in flight"), 0);
}

// The same race on v5.7 ("after") cannot happen: truncation writes i_size
// under i_mmap_rwsem, which the fault holds for read.
TEST(OpenQuestion, After87bf91d39bb5TheSameRaceIsClosed) {
  const ExploreResult r = explore_variant("fault_truncate_reserve", "after");
  EXPECT_FALSE(r.violation.has_value()) << r.violation->message;
  EXPECT_TRUE(r.complete);
}

TEST(OpenQuestion, BelowTheNewSizeSkipAndRetryKeepTheInvariants) {
  const ExploreResult r = explore_variant("pmd_share_truncate", "v6.1");
  EXPECT_FALSE(r.violation.has_value()) << r.violation->message;
  EXPECT_TRUE(r.complete);
  EXPECT_GT(reached(r, "hugetlb_vmdelete_list skipped the VMA of a fault in flight"), 0);
  EXPECT_GT(reached(r, "hugetlb_unmap_file_folio's trylock failed: it takes the vma_lock in order"),
            0);
  EXPECT_GT(reached(r, "hugetlb_unmap_file_folio retried the unmap under the vma_lock it waited for"),
            0);
}

TEST(CowPagecacheFaultMutex, DeadlocksOnV61AndNotWithThe2025Fix) {
  const ExploreResult buggy = explore_variant("cow_pagecache_fault_mutex", "v6.1");
  ASSERT_TRUE(buggy.violation.has_value());
  EXPECT_EQ(buggy.violation->kind, ViolationKind::deadlock);
  EXPECT_NE(buggy.violation->message.find("fault S waits in lock(page1.PG_locked)"),
            std::string::npos)
      << buggy.violation->message;
  const ExploreResult fixed = explore_variant("cow_pagecache_fault_mutex", "v6.x");
  EXPECT_FALSE(fixed.violation.has_value()) << fixed.violation->message;
  EXPECT_TRUE(fixed.complete);
  EXPECT_GT(reached(fixed, "hugetlb_cow unlocked the page-cache page before dropping the fault mutex"),
            0);
}

// A huge_pmd_unshare under i_mmap_rwsem (write) alone, without the VMA's
// vma_lock: v6.1's hugetlb_vma_assert_locked catches it. On "after" the same
// program is a legal v5.7 unshare.
class UnshareWithoutVmaLock : public ScenarioInstance {
 public:
  explicit UnshareWithoutVmaLock(const ScenarioConfig& c)
      : w_(scenarios::hugetlb::world_config(c, 2)) {
    w_.setup_mappings_and_reservations();
    w_.setup_fault(1, 1);
    w_.setup_share(0, 1);
  }
  void start() override {
    spawn("unshare", [this] {
      w_.mapping.i_mmap_rwsem.down_write();
      int slot = 0;
      const model::Ptep ptep = model::huge_pte_offset(w_, 0, slot);
      SpinLock& ptl = model::huge_pte_lockptr(w_, ptep);
      ptl.lock();
      model::huge_pmd_unshare(w_, 0, &slot, ptep);
      ptl.unlock();
      w_.mapping.i_mmap_rwsem.up_write();
    });
  }

 private:
  model::World w_;
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "test_unshare_without_vma_lock",
    .summary = "huge_pmd_unshare without the vma_lock (tests/vma_lock_test.cpp)",
    .params = {scenarios::hugetlb::ptrs_per_pmd_param()},
    .variants = {"after", "v6.1"},
    .max_steps = 100,
    .make = make_instance<UnshareWithoutVmaLock>(),
});

TEST(VmaLock, AnUnshareWithoutTheVmaLockTripsTheAssert) {
  const ExploreResult v61 = explore_variant("test_unshare_without_vma_lock", "v6.1");
  ASSERT_TRUE(v61.violation.has_value());
  EXPECT_NE(v61.violation->message.find("hugetlb_vma_assert_locked failed"), std::string::npos)
      << v61.violation->message;
  const ExploreResult after = explore_variant("test_unshare_without_vma_lock", "after");
  EXPECT_FALSE(after.violation.has_value()) << after.violation->message;
}

}  // namespace
}  // namespace mmcheck
