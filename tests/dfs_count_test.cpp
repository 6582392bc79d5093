// dfs explores every interleaving and every choose() value exactly once, with
// no reduction: the counts below are computed by hand.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

struct TwoVars {
  Shared<int> x{"x"};
  Shared<int> y{"y"};
};

struct ThreeVars {
  Shared<int> x{"x"};
  Shared<int> y{"y"};
  Shared<int> z{"z"};
};

void expect_exhausted(const ExploreResult& r) {
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.verdict(), Verdict::verified);
  EXPECT_EQ(r.abandoned, 0);
}

TEST(DfsCount, TwoThreadsWithOneStoreEachGiveTwoExecutions) {
  auto spec = test_scenario<TwoVars>("two_by_one", [](TwoVars& s) {
    spawn("a", [&s] { s.x.store(1); });
    spawn("b", [&s] { s.y.store(1); });
  });
  const ExploreResult r = explore_dfs(spec);
  expect_exhausted(r);
  EXPECT_EQ(r.executions, 2);
  EXPECT_EQ(r.events, 2 * 2);  // starting an initial thread is not a step
}

TEST(DfsCount, TwoThreadsWithTwoStepsEachGiveFourChooseTwoExecutions) {
  auto spec = test_scenario<TwoVars>("two_by_two", [](TwoVars& s) {
    spawn("a", [&s] {
      s.x.store(1);
      s.x.store(2);
    });
    spawn("b", [&s] {
      s.y.store(1);
      s.y.store(2);
    });
  });
  const ExploreResult r = explore_dfs(spec);
  expect_exhausted(r);
  EXPECT_EQ(r.executions, 6);  // C(4,2): where b's two steps go among four
  EXPECT_EQ(r.max_depth, 4);
}

TEST(DfsCount, ThreeThreadsWithOneStepEachGiveThreeFactorialExecutions) {
  auto spec = test_scenario<ThreeVars>("three_by_one", [](ThreeVars& s) {
    spawn("a", [&s] { s.x.store(1); });
    spawn("b", [&s] { s.y.store(1); });
    spawn("c", [&s] { s.z.store(1); });
  });
  const ExploreResult r = explore_dfs(spec);
  expect_exhausted(r);
  EXPECT_EQ(r.executions, 6);  // 3!
}

// These tests count finish() calls: the determinism check's replays of the
// first execution (checker/engine/determinism.hpp) would be counted too.
ExploreOptions counting_finals() {
  ExploreOptions options;
  options.check_determinism = false;
  return options;
}

TEST(DfsCount, NoInterleavingIsVisitedTwice) {
  auto spec = test_scenario<ThreeVars>("three_by_one_distinct", [](ThreeVars& s) {
    spawn("a", [&s] { s.x.store(1); });
    spawn("b", [&s] { s.y.store(1); });
    spawn("c", [&s] { s.z.store(1); });
  });
  DfsStrategy dfs;
  RecordingStrategy rec(dfs);
  const ExploreResult r = explore(spec, default_config(), rec, {});
  ASSERT_EQ(rec.executions().size(), 6u);
  std::set<std::vector<int>> orders;
  for (const auto& e : rec.executions()) {
    std::vector<int> order;
    for (const auto& p : e) order.push_back(p.v);
    EXPECT_EQ(std::set<int>(order.begin(), order.end()), (std::set<int>{0, 1, 2}));
    orders.insert(order);
  }
  EXPECT_EQ(orders.size(), 6u);
  EXPECT_EQ(r.executions, 6);
}

TEST(DfsCount, LastWriterTakesEveryValueEquallyOften) {
  std::map<int, int> finals;
  auto spec = test_scenario<TwoVars>(
      "last_writer",
      [](TwoVars& s) {
        spawn("a", [&s] { s.x.store(1); });
        spawn("b", [&s] { s.x.store(2); });
        spawn("c", [&s] { s.x.store(3); });
      },
      [&finals](TwoVars& s) { ++finals[s.x.peek()]; });
  const ExploreResult r = explore_dfs(spec, counting_finals());
  expect_exhausted(r);
  EXPECT_EQ(finals, (std::map<int, int>{{1, 2}, {2, 2}, {3, 2}}));
}

TEST(DfsCount, ChooseMultipliesInterleavingsByItsValues) {
  std::map<int, int> seen;
  auto spec = test_scenario<TwoVars>(
      "choose_three",
      [](TwoVars& s) {
        spawn("a", [&s] {
          const int v = choose(3);
          s.x.store(v);
        });
        spawn("b", [&s] { s.y.store(1); });
      },
      [&seen](TwoVars& s) { ++seen[s.x.peek()]; });
  const ExploreResult r = explore_dfs(spec, counting_finals());
  expect_exhausted(r);
  // a: choose, store; b: store. C(3,1) = 3 interleavings, each with 3 values.
  EXPECT_EQ(r.executions, 3 * 3);
  EXPECT_EQ(seen, (std::map<int, int>{{0, 3}, {1, 3}, {2, 3}}));
}

TEST(DfsCount, ChooseOfOneDoesNotBranch) {
  auto spec = test_scenario<TwoVars>("choose_one", [](TwoVars& s) {
    spawn("a", [&s] { s.x.store(choose(1)); });
    spawn("b", [&s] { s.y.store(1); });
  });
  const ExploreResult r = explore_dfs(spec);
  expect_exhausted(r);
  EXPECT_EQ(r.executions, 3);  // a: choose, store; b: store; C(3,1), one value
}

struct Locked {
  Mutex m{"m"};
  Shared<int> x{"x"};
  Shared<int> done_a{"done_a"};
  Shared<int> done_b{"done_b"};
};

TEST(DfsCount, AThreadBlockedOnAMutexCutsTheInterleavings) {
  auto spec = test_scenario<Locked>("mutex_blocks", [](Locked& s) {
    spawn("a", [&s] {
      s.m.lock();
      s.x.store(1);
      s.m.unlock();
      s.done_a.store(1);
    });
    spawn("b", [&s] {
      s.m.lock();
      s.x.store(2);
      s.m.unlock();
      s.done_b.store(1);
    });
  });
  const ExploreResult r = explore_dfs(spec);
  expect_exhausted(r);
  // Four steps each, but while one thread holds m the other's lock is not
  // enabled. Two ways to pick the first locker (say a). Until a unlocks only
  // a can run (lock, store, unlock: one order). Then a has one step left
  // (done_a) and b has four (lock, store, unlock, done_b), none blocked:
  // 5 places for a's step. 2 * 5 = 10, against C(8,4) = 70 without the lock.
  EXPECT_EQ(r.executions, 10);
}

struct Unlocked {
  Shared<int> x{"x"};
  Shared<int> y{"y"};
};

TEST(DfsCount, TheSameStepsWithoutTheMutexGiveEightChooseFour) {
  auto spec = test_scenario<Unlocked>("no_mutex", [](Unlocked& s) {
    spawn("a", [&s] {
      for (int i = 0; i < 4; ++i) s.x.store(i);
    });
    spawn("b", [&s] {
      for (int i = 0; i < 4; ++i) s.y.store(i);
    });
  });
  const ExploreResult r = explore_dfs(spec);
  expect_exhausted(r);
  EXPECT_EQ(r.executions, 70);
}

TEST(DfsCount, AnAwaitIsEnabledOnlyOnceItsPredicateHolds) {
  auto spec = test_scenario<TwoVars>("await_flag", [](TwoVars& s) {
    spawn("waiter", [&s] { await([&s] { return s.x.load() == 1; }); });
    spawn("setter", [&s] { s.x.store(1); });
  });
  const ExploreResult r = explore_dfs(spec);
  expect_exhausted(r);
  EXPECT_EQ(r.executions, 1);  // the store must come first
  EXPECT_EQ(r.events, 2);      // store, await: reading in the predicate is no step
}

struct Parent {
  Shared<int> p{"p"};
  Shared<int> c{"c"};
};

TEST(DfsCount, SpawnAndStartOfAThreadSpawnedByAThreadAreSteps) {
  auto spec = test_scenario<Parent>("spawn_join", [](Parent& s) {
    spawn("parent", [&s] {
      Thread child = spawn("child", [&s] { s.c.store(1); });
      s.p.store(1);
      join(child);
    });
  });
  DfsStrategy dfs;
  ExploreOptions options;
  options.capture_all = true;
  const ExploreResult r = explore(spec, default_config(), dfs, options);
  expect_exhausted(r);
  // parent: spawn, store, join; child: start, store. After the spawn the
  // parent's store goes in one of 3 places among the child's two steps; the
  // join waits for the child to finish: 3 executions of 5 steps.
  EXPECT_EQ(r.executions, 3);
  EXPECT_EQ(r.events, 3 * 5);
  const auto& ev = r.counterexample.events;
  ASSERT_EQ(ev.size(), 5u);
  EXPECT_EQ(ev.front().kind, OpKind::spawn);
  EXPECT_EQ(ev.back().kind, OpKind::join);
  int starts = 0;
  for (const Event& e : ev)
    if (e.kind == OpKind::start) {
      ++starts;
      EXPECT_EQ(e.thread, 1);
    }
  EXPECT_EQ(starts, 1);
}

TEST(DfsCount, AMaxExecutionsBoundLeavesTheRunIncomplete) {
  auto spec = test_scenario<ThreeVars>("bounded", [](ThreeVars& s) {
    spawn("a", [&s] { s.x.store(1); });
    spawn("b", [&s] { s.y.store(1); });
    spawn("c", [&s] { s.z.store(1); });
  });
  ExploreOptions options;
  options.max_executions = 2;
  const ExploreResult r = explore_dfs(spec, options);
  EXPECT_EQ(r.executions, 2);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.verdict(), Verdict::incomplete);
  EXPECT_EQ(r.stopped_by, StopReason::max_executions);
}

}  // namespace
}  // namespace mmcheck::testing
