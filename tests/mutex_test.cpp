// Mutex and SpinLock: one holder at a time, try_lock fails on a held lock,
// and unlocking a lock one does not hold is an `assertion`.
#include <gtest/gtest.h>

#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

template <class L>
struct Locked {
  L lock{"l"};
  Shared<int> inside{"inside", 0};
};

template <class L>
ScenarioSpec critical_sections() {
  return test_scenario<Locked<L>>("critical_sections", [](Locked<L>& s) {
    for (const char* name : {"t0", "t1", "t2"}) {
      spawn(name, [&s] {
        Guard g(s.lock);
        check(s.inside.fetch_add(1) == 0, "two threads inside the critical section");
        s.inside.fetch_add(-1);
      });
    }
  });
}

TEST(Mutex, AtMostOneThreadHoldsAMutexInEveryInterleaving) {
  const ExploreResult r = explore_dfs(critical_sections<Mutex>());
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.executions, 6);  // only the order of the three sections varies
}

TEST(Mutex, AtMostOneThreadHoldsASpinLockInEveryInterleaving) {
  const ExploreResult r = explore_dfs(critical_sections<SpinLock>());
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_EQ(r.executions, 6);
}

TEST(Mutex, TryLockFailsOnAHeldMutexAndSucceedsOnAFreeOne) {
  auto spec = test_scenario<Locked<Mutex>>("trylock", [](Locked<Mutex>& s) {
    spawn("holder", [&s] {
      s.lock.lock();
      s.lock.unlock();
    });
    spawn("trier", [&s] {
      if (s.lock.try_lock()) s.lock.unlock();
    });
  });
  const ScheduledRun held = run_schedule(spec, {0, 1});
  ASSERT_GE(held.record().events.size(), 2u);
  EXPECT_EQ(held.record().events[1].kind, OpKind::trylock);
  EXPECT_FALSE(held.record().events[1].ok);
  const ScheduledRun free = run_schedule(spec, {1});
  ASSERT_GE(free.record().events.size(), 1u);
  EXPECT_TRUE(free.record().events[0].ok);
}

TEST(Mutex, UnlockingAMutexNobodyHoldsIsAnAssertion) {
  auto spec = test_scenario<Locked<Mutex>>("bad_unlock", [](Locked<Mutex>& s) {
    spawn("t", [&s] { s.lock.unlock(); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::assertion);
  EXPECT_EQ(r.violation->message, "t unlocked l, which nobody held");
}

TEST(Mutex, UnlockingAnotherThreadsMutexIsAnAssertion) {
  auto spec = test_scenario<Locked<Mutex>>("foreign_unlock", [](Locked<Mutex>& s) {
    spawn("owner", [&s] { s.lock.lock(); });
    spawn("thief", [&s] { s.lock.unlock(); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::assertion);
  EXPECT_EQ(r.violation->message, "thief unlocked l, which owner held");
}

}  // namespace
}  // namespace mmcheck::testing
