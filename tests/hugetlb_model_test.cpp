// The hugetlb model (issue 5): every scenario ends as its expectation says on
// every variant, the golden counterexamples replay, the fixed variants
// refuse the v5.6 schedule at i_mmap_rwsem, and a verification that never
// reaches its coverage points fails its expectation.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "tools/replay_check.hpp"
#include "tools/report.hpp"
#include "checker/explore/strategies.hpp"

namespace mmcheck {
namespace {

const std::vector<std::string> kScenarios = {"pmd_share_truncate", "pmd_share_truncate_exit",
                                             "fault_truncate_reserve", "fault_fault_share",
                                             "memory_failure_share"};

// Explores one scenario variant exhaustively with dpor (the default
// strategy); these scenarios are too long for plain dfs to finish.
ExploreResult explore_variant(const std::string& scenario, const std::string& variant,
                              const std::vector<std::string>& params = {}) {
  const ScenarioSpec* spec = find_scenario(scenario);
  EXPECT_NE(spec, nullptr) << scenario;
  ScenarioConfig config;
  config.variant = variant;
  EXPECT_FALSE(resolve_params(*spec, params, config.params).has_value());
  std::unique_ptr<Strategy> strategy = make_strategy(StrategyOptions{.name = "dpor"});
  EXPECT_NE(strategy, nullptr);
  // As regress runs it, but without the scenario's lock-order checking:
  // these tests look at the model's verdicts alone.
  ExploreOptions options = options_for(*spec, {.lockdep = false});
  options.time_limit_s = 20;
  return explore(*spec, config, *strategy, options);
}

class HugetlbScenario : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(HugetlbScenario, EndsAsExpected) {
  const auto& [scenario, variant] = GetParam();
  const ScenarioSpec* spec = find_scenario(scenario);
  ASSERT_NE(spec, nullptr);
  const Expectation* expected = spec->expectation_for(variant);
  ASSERT_NE(expected, nullptr);
  const ExploreResult result = explore_variant(scenario, variant);
  const Judgement j = judge(*expected, result);
  EXPECT_TRUE(j.met) << scenario << "." << variant << ": " << j.why
                     << (result.violation
                             ? "\n  " + describe_violation(*result.violation, result.counterexample)
                             : std::string());
}

INSTANTIATE_TEST_SUITE_P(AllVariants, HugetlbScenario,
                         ::testing::Combine(::testing::ValuesIn(kScenarios),
                                            ::testing::Values("before", "patch1", "after")),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" + std::get<1>(info.param);
                         });

const std::string kGolden = std::string(MMCHECK_SOURCE_DIR) + "/traces/golden/";

TEST(HugetlbGoldenTraces, ReplayAndReproduceTheirVerdict) {
  for (const char* scenario : {"pmd_share_truncate", "pmd_share_truncate_exit",
                               "fault_truncate_reserve", "memory_failure_share"}) {
    const ReplayOutcome o = replay_trace(kGolden + scenario + ".before.json", std::nullopt);
    EXPECT_TRUE(o.reproduced) << scenario << ": " << o.summary;
  }
}

TEST(HugetlbGoldenTraces, TheV56ScheduleBlocksAtIMmapRwsemOnTheFixedKernel) {
  for (const char* variant : {"patch1", "after"}) {
    const ReplayOutcome o = replay_trace(kGolden + "pmd_share_truncate.before.json", variant);
    EXPECT_FALSE(o.reproduced);
    EXPECT_NE(o.summary.find("cannot go on"), std::string::npos) << o.summary;
    EXPECT_NE(o.summary.find("mapping.i_mmap_rwsem"), std::string::npos) << o.summary;
  }
}

// Without the racing thread the fixed variants are trivially free of the
// race; the exploration is complete and finds nothing, but it never reached
// the racy states, so the `verified` expectation must not be met.
TEST(HugetlbVacuity, AVerificationThatMissesItsCoverageFailsItsExpectation) {
  struct Case {
    const char* scenario;
    const char* param;
  };
  for (const Case c :
       {Case{"pmd_share_truncate", "TRUNCATE=0"}, Case{"fault_truncate_reserve", "TRUNCATE=0"},
        Case{"fault_fault_share", "SECOND_FAULT=0"}, Case{"memory_failure_share", "FAULT=0"}}) {
    const ScenarioSpec* spec = find_scenario(c.scenario);
    ASSERT_NE(spec, nullptr);
    const ExploreResult result = explore_variant(c.scenario, "after", {c.param});
    EXPECT_FALSE(result.violation.has_value()) << c.scenario;
    EXPECT_TRUE(result.complete) << c.scenario;
    const Judgement j = judge(*spec->expectation_for("after"), result);
    EXPECT_FALSE(j.met) << c.scenario << " with " << c.param;
    EXPECT_NE(j.why.find("never reached"), std::string::npos) << j.why;
  }
}

}  // namespace
}  // namespace mmcheck
