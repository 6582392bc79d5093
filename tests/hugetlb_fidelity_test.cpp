// Model fidelity (issue 14): the later races of the history end as their
// expectations say on every variant, an expectation pins the violation by
// its message, a wrong-variant caller trips the 34ae204f1851 asserts, and
// each modelled protocol step changes what the explorer finds.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "model/variant.hpp"
#include "tools/replay_check.hpp"

#include "tests/support/hugetlb_kit.hpp"
#include "tools/report.hpp"
#include "checker/explore/strategies.hpp"

namespace mmcheck {
namespace {

using testing::explore_variant;

class HistoryRace : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(HistoryRace, EndsAsExpected) {
  const auto& [scenario, variant] = GetParam();
  const ScenarioSpec* spec = find_scenario(scenario);
  ASSERT_NE(spec, nullptr);
  const Expectation* expected = spec->expectation_for(variant);
  ASSERT_NE(expected, nullptr);
  const ExploreResult result = explore_variant(scenario, variant);
  const Judgement j = judge(*expected, result);
  EXPECT_TRUE(j.met) << scenario << "." << variant << ": " << j.why;
  if (!expected->violation) {
    EXPECT_TRUE(result.complete) << scenario << "." << variant;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Issue14, HistoryRace,
    ::testing::Values(std::tuple{"stray_pte_alloc_exit", "patch1"},
                      std::tuple{"stray_pte_alloc_exit", "after"},
                      std::tuple{"pmd_share_populate_race", "before"},
                      std::tuple{"pmd_share_populate_race", "after"},
                      std::tuple{"pmd_share_populate_race", "pud-lock"},
                      std::tuple{"migrate_punch_hole_2026", "v6.x"},
                      std::tuple{"migrate_punch_hole_2026", "v6.x-fixed"},
                      std::tuple{"memory_failure_fault_truncate", "before"},
                      std::tuple{"memory_failure_fault_truncate", "after"},
                      std::tuple{"memory_failure_lock_order", "before"},
                      std::tuple{"cow_pagecache_fault_mutex", "before"},
                      std::tuple{"cow_pagecache_fault_mutex", "v5.11"},
                      std::tuple{"memory_failure_lock_order", "after"},
                      std::tuple{"migrate_anon_exit", "before"},
                      std::tuple{"migrate_anon_exit", "after"},
                      std::tuple{"migrate_anon_exit", "v5.10"}),
    [](const auto& info) {
      std::string n = std::get<0>(info.param) + "_" + std::get<1>(info.param);
      for (char& c : n)
        if (c == '.' || c == '-') c = '_';
      return n;
    });

// A violation of the expected kind but with another message does not meet
// an expectation that names its message fragment.
TEST(ExpectationMessage, ADifferentViolationOfTheSameKindFailsTheExpectation) {
  const ExploreResult result = explore_variant("pmd_share_truncate", "before");
  ASSERT_TRUE(result.violation.has_value());
  Expectation e{.variant = "before", .violation = true, .kind = ViolationKind::invariant};
  e.message = "wrote a pte through a ptep";
  EXPECT_TRUE(judge(e, result).met) << result.violation->message;
  e.message = "resv_huge_pages";
  const Judgement j = judge(e, result);
  EXPECT_FALSE(j.met);
  EXPECT_NE(j.why.find("resv_huge_pages"), std::string::npos) << j.why;
}

// Every expectation of a violation names its message (item 6), the basic
// scenarios' as well as the hugetlb ones'.
TEST(ExpectationMessage, EveryViolationExpectationIsPinned) {
  for (const ScenarioSpec* spec : all_scenarios()) {
    for (const Expectation& e : spec->expectations)
      if (e.violation) {
        EXPECT_FALSE(e.message.empty()) << spec->name << "." << e.variant;
      }
  }
}

// Migration on the 336bf30eb765 form drops i_mmap_rwsem before
// remove_migration_ptes; on v5.7 it keeps it: the same scenario that
// deadlocks on v6.x (hole punch zeroing under the write lock) cannot run on
// a variant without that hole-punch form.
TEST(VariantForms, APartialHolePunchOnAVariantWithoutItIsAModelError) {
  const ExploreResult result = explore_variant("migrate_punch_hole_2026", "after");
  ASSERT_TRUE(result.violation.has_value());
  EXPECT_EQ(result.violation->kind, ViolationKind::assertion);
  EXPECT_NE(result.violation->message.find("not modelled"), std::string::npos)
      << result.violation->message;
}

// v6.x used to have no fault path (a fault on it was a model error); since
// issue 16 it faults as v6.1 does (model/vma_lock.hpp).
TEST(VariantForms, AFaultOnV6xIsAV61VmaLockFault) {
  const ExploreResult result = explore_variant("stray_pte_alloc_exit", "v6.x");
  EXPECT_FALSE(result.violation.has_value()) << result.violation->message;
  EXPECT_TRUE(result.complete);
}

// Every hugetlb expectation of a verification names coverage points, each
// one the scenario declares: a fixed variant that never reaches the racy
// state fails regress instead of passing vacuously.
TEST(ExpectationCoverage, EveryHugetlbVerificationNamesDeclaredCoveragePoints) {
  for (const ScenarioSpec* spec : all_scenarios()) {
    bool hugetlb = false;
    for (const std::string& v : spec->variants) hugetlb |= model::variant_switches(v).has_value();
    if (!hugetlb) continue;
    for (const Expectation& e : spec->expectations) {
      if (e.violation) continue;
      EXPECT_FALSE(e.coverage.empty()) << spec->name << "." << e.variant;
      for (const std::string& point : e.coverage) {
        bool declared = false;
        for (const std::string& d : spec->coverage_points) declared |= d == point;
        EXPECT_TRUE(declared) << spec->name << "." << e.variant << ": " << point;
      }
    }
  }
}

// The v5.7 counterexample of 336bf30eb765, replayed on v5.10, stops where
// the fix puts the anon_vma lock: the migration's rmap walk waits for the
// exiting child's unlink_anon_vmas.
TEST(AnonRmap, TheV57ScheduleWaitsForTheAnonVmaLockOnV510) {
  const std::string golden =
      std::string(MMCHECK_SOURCE_DIR) + "/traces/golden/migrate_anon_exit.after.json";
  const ReplayOutcome same = replay_trace(golden, std::nullopt);
  EXPECT_TRUE(same.reproduced) << same.summary;
  const ReplayOutcome fixed = replay_trace(golden, "v5.10");
  EXPECT_FALSE(fixed.reproduced);
  EXPECT_NE(fixed.summary.find("cannot go on"), std::string::npos) << fixed.summary;
  EXPECT_NE(fixed.summary.find("anon_vma0.rwsem"), std::string::npos) << fixed.summary;
}

// On v5.7 the violation is the unlocked walk's load of the chain the
// child's exit freed, not any other use of it.
TEST(AnonRmap, TheUnlockedWalkIsTheViolationOnV57) {
  const ExploreResult result = explore_variant("migrate_anon_exit", "after");
  ASSERT_TRUE(result.violation.has_value());
  EXPECT_EQ(result.violation->kind, ViolationKind::use_after_free);
  EXPECT_NE(result.violation->message.find("avc1.vma by migrate"), std::string::npos)
      << result.violation->message;
  EXPECT_NE(result.violation->message.find("freed by exit S"), std::string::npos)
      << result.violation->message;
}

}  // namespace
}  // namespace mmcheck
