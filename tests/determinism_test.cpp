// The nondeterminism self-check (checker/engine/determinism.hpp) under every
// strategy: a scenario whose behaviour depends on a hidden counter of its
// executions (scenarios/basic/hidden_counter.cpp, with a counter each
// test starts afresh) is stopped with a sentence that names the step and
// the thread, never given a verdict; deterministic scenarios are never
// flagged.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "checker/explore/dfs.hpp"
#include "checker/explore/dpor/dpor.hpp"
#include "checker/engine/explorer.hpp"
#include "checker/explore/pct.hpp"
#include "checker/explore/random_walk.hpp"
#include "checker/engine/scenario.hpp"
#include "scenarios/basic/hidden_counter.hpp"

namespace mmcheck {
namespace {

struct Named {
  const char* name;
  std::function<std::unique_ptr<Strategy>()> make;
};

const Named kStrategies[] = {
    {"dfs", [] { return std::make_unique<DfsStrategy>(); }},
    {"dpor", [] { return std::make_unique<DporStrategy>(); }},
    {"random", [] { return std::make_unique<RandomStrategy>(7); }},
    {"pct", [] { return std::make_unique<PctStrategy>(7, 2, 10); }},
};

ExploreResult run_hidden_counter(long mode, Strategy& s, ExploreOptions options = {}) {
  auto executions = std::make_shared<long>(0);
  ScenarioSpec spec;
  spec.name = "hidden_counter";
  spec.make = [mode, executions](const ScenarioConfig&) -> std::unique_ptr<ScenarioInstance> {
    return scenarios::make_hidden_counter(mode, ++*executions);
  };
  options.max_executions = 50;
  return explore(spec, ScenarioConfig{{}, "default"}, s, options);
}

ExploreResult run(const std::string& scenario, const Params& params, Strategy& s) {
  const ScenarioSpec* spec = find_scenario(scenario);
  EXPECT_NE(spec, nullptr) << scenario;
  ExploreOptions options;
  options.max_executions = 50;  // random and pct never run out
  return explore(*spec, ScenarioConfig{params, "default"}, s, options);
}

void expect_nondeterministic(long mode, const std::string& what) {
  for (const Named& n : kStrategies) {
    auto s = n.make();
    const ExploreResult r = run_hidden_counter(mode, *s);
    EXPECT_EQ(r.stopped_by, StopReason::nondeterminism) << n.name << " MODE=" << mode;
    EXPECT_FALSE(r.complete) << n.name;
    EXPECT_EQ(r.nondeterminism.rfind("the scenario is not deterministic: ", 0), 0u)
        << n.name << ": " << r.nondeterminism;
    EXPECT_NE(r.nondeterminism.find(what), std::string::npos)
        << n.name << " MODE=" << mode << ": " << r.nondeterminism;
  }
}

TEST(Determinism, AHiddenCounterInAStoredValueIsCaught) {
  expect_nondeterministic(0, " of t0 was a store of x = ");
}

TEST(Determinism, AChangedOperationIsCaught) {
  expect_nondeterministic(1, "of t0 was a store of ");
}

TEST(Determinism, AChangedVerdictIsCaught) {
  expect_nondeterministic(2, "replayed with the same choices it ends with");
}

// The sentence names both operations, the step and the thread.
TEST(Determinism, TheSentenceSaysWhatChanged) {
  DfsStrategy dfs;
  const ExploreResult r = run_hidden_counter(1, dfs);
  EXPECT_NE(r.nondeterminism.find("step 0 of t0 was a store of x = 1, now a store of y = 1"),
            std::string::npos)
      << r.nondeterminism;
}

TEST(Determinism, DeterministicScenariosAreNeverFlagged) {
  for (const char* scenario : {"rwsem_readers", "rwsem_writer_waits"}) {
    for (const Named& n : kStrategies) {
      auto s = n.make();
      const ExploreResult r = run(scenario, {}, *s);
      EXPECT_TRUE(r.nondeterminism.empty()) << scenario << " " << n.name << ": "
                                            << r.nondeterminism;
      EXPECT_NE(r.stopped_by, StopReason::nondeterminism);
    }
  }
}

// Off, the check neither runs nor replays: dpor then misses the change.
TEST(Determinism, CanBeSwitchedOff) {
  ExploreOptions options;
  options.check_determinism = false;
  DporStrategy dpor;
  const ExploreResult r = run_hidden_counter(1, dpor, options);
  EXPECT_TRUE(r.nondeterminism.empty());
  EXPECT_EQ(r.verdict(), Verdict::verified);
}

}  // namespace
}  // namespace mmcheck
