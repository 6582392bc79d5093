// Awaits that become enabled and then disabled again (issue 13): t0
// `await(x >= 1); r = x`, t1 `x = 1; x = 0; x = 1`, and finish() checks
// r != 0. dfs finds r == 0 (t1 sets 1, the await passes, t1 sets 0, t0
// reads 0); dpor once said verified after one execution, because the await
// was reversed only against the last write before it, where it cannot
// run, and never placed between the two writes where it can (dpor.hpp).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "checker/sync/api.hpp"
#include "checker/explore/dfs.hpp"
#include "checker/explore/dpor/dpor.hpp"
#include "checker/engine/explorer.hpp"
#include "trace_recorder.hpp"

namespace mmcheck::testing {
namespace {

// t1 stores `writes` in order; t0 awaits x >= 1 and then reads x.
struct AwaitProgram {
  int initial = 0;
  std::vector<int> writes;
};

class AwaitInstance final : public ScenarioInstance {
 public:
  explicit AwaitInstance(const AwaitProgram& p) : program_(p), x_("x", p.initial) {}
  void start() override {
    spawn("t0", [this] {
      await([this] { return x_.load() >= 1; });
      r_ = x_.load();
    });
    spawn("t1", [this] {
      for (int v : program_.writes) x_.store(v);
    });
  }
  void finish() override { check(r_ != 0, "t0 read x == 0 after its await passed"); }

 private:
  AwaitProgram program_;
  Shared<int> x_;
  int r_ = -1;
};

ScenarioSpec await_scenario(const AwaitProgram& p) {
  ScenarioSpec spec;
  spec.name = "await_enabled_then_disabled";
  spec.make = [p](const ScenarioConfig&) -> std::unique_ptr<ScenarioInstance> {
    return std::make_unique<AwaitInstance>(p);
  };
  return spec;
}

ExploreResult run(const AwaitProgram& p, Strategy& s, bool stop_on_violation = true) {
  ExploreOptions options;
  options.stop_on_violation = stop_on_violation;
  return explore(await_scenario(p), ScenarioConfig{{}, "default"}, s, options);
}

TEST(DporAwait, FindsTheReadAfterTheAwaitWasDisabledAgain) {
  for (const AwaitProgram& p : {AwaitProgram{0, {1, 0, 1}}, AwaitProgram{0, {1, 0, 2}},
                                AwaitProgram{0, {2, 0, 0, 1}}, AwaitProgram{1, {1, 0, 1}}}) {
    DfsStrategy dfs;
    const ExploreResult a = run(p, dfs);
    ASSERT_TRUE(a.violation);
    DporStrategy dpor;
    const ExploreResult b = run(p, dpor);
    ASSERT_TRUE(b.violation) << "dpor verified it after " << b.executions << " executions";
    EXPECT_EQ(b.violation->kind, ViolationKind::assertion);
    EXPECT_EQ(b.counterexample.violation->kind, ViolationKind::assertion);
  }
}

// Past the violation, dpor reaches every trace dfs reaches: each place
// the await can pass, between the writes that enable and disable it.
TEST(DporAwait, ReachesEveryTraceDfsReaches) {
  for (const AwaitProgram& p : {AwaitProgram{0, {1, 0, 1}}, AwaitProgram{0, {1, 0, 1, 0, 1}},
                                AwaitProgram{0, {1, 2, 0, 3}}}) {
    DfsStrategy dfs;
    TraceRecorder all(dfs);
    ASSERT_TRUE(run(p, all, false).violation);
    DporStrategy dpor;
    TraceRecorder reduced(dpor);
    const ExploreResult r = run(p, reduced, false);
    EXPECT_TRUE(r.strategy_failure.empty()) << r.strategy_failure;
    std::string missed;
    for (const std::string& t : all.traces())
      if (reduced.traces().count(t) == 0) missed += "\n  " + all.describe(t);
    EXPECT_TRUE(missed.empty()) << "writes " << p.writes.size() << ": dfs reached "
                                << all.traces().size() << " traces, dpor missed" << missed;
    EXPECT_EQ(reduced.traces().size(), all.traces().size());
  }
}

}  // namespace
}  // namespace mmcheck::testing
