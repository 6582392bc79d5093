// `deadlock`: threads remain and none can run. The message says what each
// remaining thread waits for and who holds it.
#include <gtest/gtest.h>

#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

struct TwoLocks {
  Mutex a{"A"};
  Mutex b{"B"};
};

void take_both(Mutex& first, Mutex& second) {
  first.lock();
  second.lock();
  second.unlock();
  first.unlock();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(DetectDeadlock, OppositeLockOrdersDeadlockAndTheMessageNamesBothLocksAndHolders) {
  auto spec = test_scenario<TwoLocks>("abba", [](TwoLocks& s) {
    spawn("ab", [&s] { take_both(s.a, s.b); });
    spawn("ba", [&s] { take_both(s.b, s.a); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::deadlock);
  // "ab waits in lock(B) at FILE:LINE, held by ba since step 1; ba waits ..."
  const std::string& m = r.violation->message;
  const auto ab = m.find("ab waits in lock(B)");
  const auto ba = m.find("ba waits in lock(A)");
  ASSERT_NE(ab, std::string::npos) << m;
  ASSERT_NE(ba, std::string::npos) << m;
  EXPECT_TRUE(contains(m.substr(ab, ba - ab), "held by ba since step 1")) << m;
  EXPECT_TRUE(contains(m.substr(ba), "held by ab since step 0")) << m;
  EXPECT_EQ(r.violation->step, 2);  // two steps were taken, none can follow
  EXPECT_EQ(r.counterexample.events.size(), 2u);
}

TEST(DetectDeadlock, TheSameLockOrderInBothThreadsNeverDeadlocks) {
  auto spec = test_scenario<TwoLocks>("abab", [](TwoLocks& s) {
    spawn("ab0", [&s] { take_both(s.a, s.b); });
    spawn("ab1", [&s] { take_both(s.a, s.b); });
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation);
  EXPECT_TRUE(r.complete);
}

TEST(DetectDeadlock, RelockingAHeldMutexDeadlocksOnItself) {
  auto spec = test_scenario<TwoLocks>("relock", [](TwoLocks& s) {
    spawn("t", [&s] {
      s.a.lock();
      s.a.lock();
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::deadlock);
  EXPECT_TRUE(contains(r.violation->message, "t waits in lock(A)")) << r.violation->message;
  EXPECT_TRUE(contains(r.violation->message, "held by t since step 0")) << r.violation->message;
}

struct Flag {
  Shared<int> x{"x"};
};

TEST(DetectDeadlock, AnAwaitThatNeverHoldsAndAJoinOnItDeadlock) {
  auto spec = test_scenario<Flag>("await_forever", [](Flag& s) {
    spawn("parent", [&s] {
      Thread child = spawn("child", [&s] { await([&s] { return s.x.load() == 1; }); });
      join(child);
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::deadlock);
  const std::string& m = r.violation->message;
  EXPECT_TRUE(contains(m, "parent waits in join of child")) << m;
  EXPECT_TRUE(contains(m, "child waits in await")) << m;
}

}  // namespace
}  // namespace mmcheck::testing
