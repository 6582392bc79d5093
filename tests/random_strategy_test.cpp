// The random strategy is seeded: the same seed gives the same executions and
// the same first counterexample; it is never exhaustive.
#include <gtest/gtest.h>

#include <set>

#include "checker/explore/random_walk.hpp"
#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

ScenarioSpec busy() { return busy_program(4); }

std::vector<RecordingStrategy::Execution> walk(std::uint64_t seed, long executions) {
  RandomStrategy random(seed);
  RecordingStrategy rec(random);
  ExploreOptions options;
  options.max_executions = executions;
  const ExploreResult r = explore(busy(), default_config(), rec, options);
  EXPECT_FALSE(r.violation);
  EXPECT_EQ(r.executions, executions);
  EXPECT_EQ(r.abandoned, 0);  // it only ever picks enabled threads
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.verdict(), Verdict::incomplete);
  return rec.executions();
}

TEST(RandomStrategy, TheSameSeedGivesTheSameSequenceOfExecutions) {
  const auto first = walk(42, 50);
  const auto second = walk(42, 50);
  ASSERT_EQ(first.size(), 50u);
  EXPECT_EQ(first, second);
}

TEST(RandomStrategy, DifferentSeedsGiveDifferentSequences) {
  EXPECT_NE(walk(1, 50), walk(2, 50));
}

TEST(RandomStrategy, ItExploresMoreThanOneInterleaving) {
  const auto runs = walk(7, 50);
  const std::set<RecordingStrategy::Execution> distinct(runs.begin(), runs.end());
  EXPECT_GT(distinct.size(), 5u);
}

struct Counter {
  Shared<int> counter{"counter", 0};
};

ScenarioSpec lost_update() {
  return test_scenario<Counter>(
      "lost_update_random",
      [](Counter& s) {
        for (const char* name : {"inc0", "inc1", "inc2"}) {
          spawn(name, [&s] { s.counter.store(s.counter.load() + 1); });
        }
      },
      [](Counter& s) { check(s.counter.peek() == 3, "an increment was lost"); });
}

ExploreResult find_with_seed(std::uint64_t seed) {
  RandomStrategy random(seed);
  ExploreOptions options;
  options.max_executions = 1000;
  return explore(lost_update(), default_config(), random, options);
}

TEST(RandomStrategy, TheSameSeedFindsTheSameFirstCounterexample) {
  const ExploreResult a = find_with_seed(2024);
  const ExploreResult b = find_with_seed(2024);
  ASSERT_TRUE(a.violation);
  ASSERT_TRUE(b.violation);
  EXPECT_EQ(a.executions, b.executions);
  EXPECT_EQ(a.violation->message, b.violation->message);
  const auto& sa = a.counterexample.schedule;
  const auto& sb = b.counterexample.schedule;
  ASSERT_EQ(sa.size(), sb.size());
  for (std::size_t i = 0; i < sa.size(); ++i) {
    EXPECT_EQ(sa[i].thread, sb[i].thread) << "step " << i;
    EXPECT_EQ(sa[i].choice, sb[i].choice) << "step " << i;
  }
}

}  // namespace
}  // namespace mmcheck::testing
