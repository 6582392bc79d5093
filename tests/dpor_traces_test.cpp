// dpor's executions, trace by trace (trace_recorder.hpp): on the classic
// benchmarks it explores exactly the Mazurkiewicz traces dfs explores, each
// once; on the hugetlb model, where dfs cannot finish, every trace a long
// random walk reaches is one dpor explored.
#include <gtest/gtest.h>

#include <string>

#include "checker/dfs.hpp"
#include "checker/dpor.hpp"
#include "checker/explorer.hpp"
#include "checker/random_walk.hpp"
#include "checker/scenario.hpp"
#include "trace_recorder.hpp"

namespace mmcheck::testing {
namespace {

// As `mmcheck run` explores a scenario: its step bound and lock-order setting.
ExploreOptions options_for(const ScenarioSpec& spec) {
  ExploreOptions options;
  if (spec.max_steps > 0) options.max_steps = spec.max_steps;
  options.check_lock_order = spec.lockdep;
  return options;
}

ExploreResult run(const std::string& scenario, const ScenarioConfig& config, Strategy& s,
                  long max_executions = 0) {
  const ScenarioSpec* spec = find_scenario(scenario);
  EXPECT_NE(spec, nullptr) << scenario;
  ExploreOptions options = options_for(*spec);
  options.max_executions = max_executions;
  return explore(*spec, config, s, options);
}

void expect_same_traces(const std::string& scenario, long n, const std::string& variant = "default") {
  const ScenarioConfig config{{{"N", n}}, variant};
  DfsStrategy dfs;
  TraceRecorder all(dfs);
  ASSERT_TRUE(run(scenario, config, all).complete) << scenario;
  DporStrategy dpor;
  TraceRecorder reduced(dpor);
  const ExploreResult r = run(scenario, config, reduced);
  const std::string what = scenario + " N=" + std::to_string(n);
  EXPECT_EQ(reduced.traces(), all.traces()) << what;
  EXPECT_EQ(reduced.repeats(), 0) << what;
  EXPECT_EQ(r.abandoned, 0) << what;
  EXPECT_EQ(r.executions, static_cast<long>(all.traces().size())) << what;
}

TEST(DporTraces, TheBenchmarksTracesEachOnce) {
  expect_same_traces("lastzero", 4);
  expect_same_traces("readers", 4);
  expect_same_traces("lockinc", 3);
  expect_same_traces("binc", 3);
  expect_same_traces("rwsem_read_side", 4);
  expect_same_traces("philosophers", 3, "ordered");
}

// A random walk of `walks` executions: each trace it reaches must be one
// that dpor explored.
void expect_covers_random_walks(const std::string& scenario, const std::string& variant,
                                long walks) {
  ScenarioConfig config;
  config.variant = variant;
  ASSERT_FALSE(resolve_params(*find_scenario(scenario), {}, config.params).has_value());
  DporStrategy dpor;
  TraceRecorder reduced(dpor);
  const ExploreResult r = run(scenario, config, reduced);
  ASSERT_EQ(r.verdict(), "verified") << scenario << " " << variant << ": "
                                     << (r.violation ? r.violation->message : "");
  RandomStrategy random(20261125);
  TraceRecorder sampled(random);
  run(scenario, config, sampled, walks);
  long missed = 0;
  std::string example;
  for (const std::string& t : sampled.traces()) {
    if (reduced.traces().count(t) != 0) continue;
    ++missed;
    example = sampled.describe(t);
  }
  EXPECT_EQ(missed, 0) << scenario << " " << variant << ": of " << sampled.traces().size()
                       << " traces a random walk reached, dpor explored all but " << missed
                       << ", for example\n" << example;
  EXPECT_GT(sampled.traces().size(), 1u);
  std::printf("%s/%s: dpor %ld executions, %zu traces (%ld repeated), random walk %zu traces\n",
              scenario.c_str(), variant.c_str(), r.executions, reduced.traces().size(),
              reduced.repeats(), sampled.traces().size());
}

TEST(DporTraces, CoversWhatRandomWalksReachOnTheHugetlbModel) {
  expect_covers_random_walks("pmd_share_truncate", "after", 2000);
  expect_covers_random_walks("pmd_share_truncate", "patch1", 2000);
  expect_covers_random_walks("pmd_share_truncate_exit", "after", 20000);
  expect_covers_random_walks("fault_truncate_reserve", "after", 2000);
  expect_covers_random_walks("fault_fault_share", "after", 2000);
  expect_covers_random_walks("memory_failure_share", "after", 2000);
}

}  // namespace
}  // namespace mmcheck::testing
