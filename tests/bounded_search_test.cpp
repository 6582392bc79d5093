// The bounded and sampling searches (issue 4, item 4): iterative context
// bounding (Musuvathi & Qadeer, PLDI 2007) and PCT (Burckhardt et al.,
// ASPLOS 2010). A bounded search finds a bug with the fewest preemptions,
// never exceeds its bound, equals dfs once the bound cuts nothing off, and
// never says `verified` when it did cut something; pct is seeded and finds
// a depth-2 bug quickly.
#include <gtest/gtest.h>

#include <set>

#include "checker/explore/dfs.hpp"
#include "checker/explore/iterative_bounding.hpp"
#include "checker/explore/pct.hpp"
#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

const ScenarioSpec& lost_update() {
  const ScenarioSpec* spec = find_scenario("lost_update");
  EXPECT_NE(spec, nullptr);
  return *spec;
}

ScenarioSpec busy() { return busy_program(2); }

// Counts, for every execution, the preemptions the runtime would count.
class PreemptionCounter final : public Strategy {
 public:
  explicit PreemptionCounter(Strategy& inner) : inner_(inner) {}
  std::string_view name() const override { return inner_.name(); }
  bool begin_execution() override {
    current_ = 0;
    return inner_.begin_execution();
  }
  ThreadId pick_thread(const SchedulerView& view) override {
    const ThreadId t = inner_.pick_thread(view);
    const ThreadId last = view.last_thread();
    if (last != kNoThread && t != last && (view.enabled() & bit(last)) != 0) ++current_;
    return t;
  }
  int pick_value(const SchedulerView& view, int n) override { return inner_.pick_value(view, n); }
  void end_execution(ExecutionEnd end) override {
    max_ = std::max(max_, current_);
    inner_.end_execution(end);
  }
  bool exhaustive() const override { return inner_.exhaustive(); }
  const std::string& failure() const override { return inner_.failure(); }
  long max() const { return max_; }

 private:
  Strategy& inner_;
  long current_ = 0;
  long max_ = 0;
};

TEST(PreemptionBound, BoundZeroMissesTheLostUpdateAndSaysIncomplete) {
  IterativeBoundingStrategy bounded(0);
  const ExploreResult r = explore(lost_update(), default_config(), bounded, {});
  EXPECT_FALSE(r.violation);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.verdict(), Verdict::incomplete);
  EXPECT_EQ(r.executions, 2);  // inc0 then inc1, inc1 then inc0
}

TEST(PreemptionBound, BoundOneFindsTheLostUpdateWithExactlyOnePreemption) {
  IterativeBoundingStrategy bounded(1);
  const ExploreResult r = explore(lost_update(), default_config(), bounded, {});
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::assertion);
  EXPECT_EQ(r.counterexample.preemptions, 1);
  EXPECT_EQ(bounded.bound(), 1);
}

TEST(PreemptionBound, ALargeBoundFindsTheFewestPreemptionsFirst) {
  IterativeBoundingStrategy bounded(10);
  const ExploreResult r = explore(lost_update(), default_config(), bounded, {});
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.counterexample.preemptions, 1);
}

TEST(PreemptionBound, ALargeBoundEqualsDfs) {
  const ExploreResult dfs = explore_dfs(busy());
  ASSERT_TRUE(dfs.complete);
  DfsStrategy bounded(1000);
  const ExploreResult r = explore(busy(), default_config(), bounded, {});
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.verdict(), Verdict::verified);
  EXPECT_EQ(r.executions, dfs.executions);
  EXPECT_EQ(r.events, dfs.events);
}

TEST(PreemptionBound, IterationEndsExhaustiveOnceARoundCutsNothing) {
  DfsStrategy dfs;
  RecordingStrategy dfs_rec(dfs);
  (void)explore(busy(), default_config(), dfs_rec, {});
  IterativeBoundingStrategy bounded(1000);
  RecordingStrategy rec(bounded);
  const ExploreResult r = explore(busy(), default_config(), rec, {});
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.verdict(), Verdict::verified);
  EXPECT_LT(bounded.bound(), 1000);  // it stopped at the first round that cut nothing
  // The rounds re-run earlier schedules, but cover exactly dfs's schedules.
  const auto& all = dfs_rec.executions();
  const auto& seen = rec.executions();
  EXPECT_EQ(std::set(seen.begin(), seen.end()), std::set(all.begin(), all.end()));
}

TEST(PreemptionBound, NoExecutionExceedsTheBound) {
  for (long k = 0; k <= 3; ++k) {
    IterativeBoundingStrategy bounded(k);
    PreemptionCounter counter(bounded);
    const ExploreResult r = explore(busy(), default_config(), counter, {});
    EXPECT_EQ(counter.max(), k) << "bound " << k;  // reaches the bound, never more
    EXPECT_FALSE(r.violation);
    if (k == 0) {
      EXPECT_EQ(r.verdict(), Verdict::incomplete);
    }
  }
}

TEST(PreemptionBound, ABoundThatCutsIsNeverVerified) {
  for (long k = 0; k <= 1; ++k) {
    DfsStrategy bounded(k);
    const ExploreResult r = explore(busy(), default_config(), bounded, {});
    EXPECT_TRUE(bounded.pruned());
    EXPECT_FALSE(r.complete);
    EXPECT_NE(r.verdict(), Verdict::verified);
  }
}

ExploreResult run_pct(std::uint64_t seed, long executions, RecordingStrategy::Execution* first) {
  PctStrategy pct(seed, 3, 100);
  RecordingStrategy rec(pct);
  ExploreOptions options;
  options.max_executions = executions;
  ExploreResult r = explore(lost_update(), default_config(), rec, options);
  if (first != nullptr && !rec.executions().empty()) *first = rec.executions().back();
  return r;
}

TEST(Pct, TheSameSeedGivesTheSameCounterexample) {
  RecordingStrategy::Execution a;
  RecordingStrategy::Execution b;
  const ExploreResult ra = run_pct(7, 100, &a);
  const ExploreResult rb = run_pct(7, 100, &b);
  EXPECT_EQ(ra.executions, rb.executions);
  EXPECT_EQ(a, b);
  EXPECT_EQ(ra.violating_execution, rb.violating_execution);
}

TEST(Pct, FindsTheLostUpdateWithinAHundredExecutions) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const ExploreResult r = run_pct(seed, 100, nullptr);
    ASSERT_TRUE(r.violation) << "seed " << seed;
    EXPECT_EQ(r.violation->kind, ViolationKind::assertion);
  }
}

TEST(Pct, IsNeverVerified) {
  PctStrategy pct(1, 3, 100);
  ExploreOptions options;
  options.max_executions = 50;
  const ExploreResult r = explore(busy(), default_config(), pct, options);
  EXPECT_FALSE(r.violation);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.verdict(), Verdict::incomplete);
}

TEST(Pct, RunsOnlyEnabledThreads) {
  PctStrategy pct(3, 5, 10);
  ExploreOptions options;
  options.max_executions = 200;
  const ExploreResult r = explore(busy(), default_config(), pct, options);
  EXPECT_EQ(r.abandoned, 0);  // an abandon would mean a disabled or no thread
  EXPECT_EQ(r.executions, 200);
}

}  // namespace
}  // namespace mmcheck::testing
