// The replay strategy re-runs one recorded schedule: the same events and the
// same violation. Where the schedule cannot go on it says at which step and
// why: which lock, held by whom.
#include <gtest/gtest.h>

#include "support/scenario_kit.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck::testing {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

struct World {
  Shared<int> x{"x"};
  Mutex m{"m"};
};

// Fails only for one choose() value and one interleaving.
ScenarioSpec picky() {
  return test_scenario<World>("picky", [](World& s) {
    spawn("chooser", [&s] {
      const int v = choose(3);
      s.x.store(v);
    });
    spawn("checker", [&s] { check(s.x.load() != 2, "checker saw 2"); });
  });
}

nlohmann::json events_json(const ExecutionRecord& rec) {
  nlohmann::json j = nlohmann::json::array();
  for (const Event& e : rec.events) j.push_back(event_json(e, rec));
  return j;
}

TEST(ReplayStrategy, ReplayingACounterexampleReproducesItsEventsAndViolation) {
  const ExploreResult found = explore_dfs(picky());
  ASSERT_TRUE(found.violation);
  ASSERT_GT(found.executions, 1);  // not simply the first execution
  ReplayStrategy replay(found.counterexample.schedule);
  ExploreOptions options;
  options.capture_all = true;
  const ExploreResult again = explore(picky(), default_config(), replay, options);
  EXPECT_EQ(replay.failure(), "");
  EXPECT_EQ(again.executions, 1);
  ASSERT_TRUE(again.violation);
  EXPECT_EQ(verdict_json(*again.violation), verdict_json(*found.violation));
  EXPECT_EQ(events_json(again.counterexample), events_json(found.counterexample));
  // The choice was replayed too: the value 2 was stored.
  bool stored_two = false;
  for (const Event& e : again.counterexample.events)
    if (e.kind == OpKind::store && e.value == 2) stored_two = true;
  EXPECT_TRUE(stored_two);
}

ScenarioSpec two_lockers() {
  return test_scenario<World>("two_lockers", [](World& s) {
    spawn("a", [&s] {
      s.m.lock();
      s.x.store(1);
      s.m.unlock();
    });
    spawn("b", [&s] {
      s.m.lock();
      s.m.unlock();
    });
  });
}

TEST(ReplayStrategy, AScheduleThatRunsABlockedThreadNamesTheLockAndItsHolder) {
  const ScheduledRun run = run_schedule(two_lockers(), {0, 1});
  EXPECT_EQ(run.failed_step, 1);
  EXPECT_TRUE(contains(run.failure, "at step 1")) << run.failure;
  EXPECT_TRUE(contains(run.failure, "b, which is blocked")) << run.failure;
  EXPECT_TRUE(contains(run.failure, "lock(m)")) << run.failure;
  EXPECT_TRUE(contains(run.failure, "held by a since step 0")) << run.failure;
  EXPECT_FALSE(run.result.violation);
  EXPECT_EQ(run.result.stopped_by, StopReason::strategy);
}

TEST(ReplayStrategy, AScheduleThatEndsTooEarlySaysWhere) {
  const ScheduledRun run = run_schedule(two_lockers(), {0, 0});
  EXPECT_EQ(run.failed_step, 2);
  EXPECT_TRUE(contains(run.failure, "the schedule ends at step 2")) << run.failure;
}

TEST(ReplayStrategy, AScheduleNamingAThreadThatDoesNotExistIsRefused) {
  const ScheduledRun run = run_schedule(two_lockers(), {5});
  EXPECT_EQ(run.failed_step, 0);
  EXPECT_TRUE(contains(run.failure, "thread 5, which does not exist")) << run.failure;
}

TEST(ReplayStrategy, AChoiceOutOfRangeIsRefused) {
  ReplayStrategy replay({{0, 7}});
  ExploreOptions options;
  options.capture_all = true;
  explore(picky(), default_config(), replay, options);
  EXPECT_EQ(replay.failed_step(), 0);
  EXPECT_TRUE(contains(replay.failure(), "no valid choice among 3 values")) << replay.failure();
}

TEST(ReplayStrategy, AFullScheduleRunsToTheEndWithoutFailure) {
  const ScheduledRun run = run_schedule(two_lockers(), {0, 0, 0, 1, 1});
  EXPECT_EQ(run.failure, "");
  EXPECT_FALSE(run.result.violation);
  EXPECT_EQ(run.result.executions, 1);
  EXPECT_EQ(run.record().events.size(), 5u);
}

}  // namespace
}  // namespace mmcheck::testing
