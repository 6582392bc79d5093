// Unbounded recursion in scenario code overflows the thread's fiber stack
// into its guard page: that is an `exception` violation ("stack overflow"),
// not a crash, and the checker stays usable in the same process.
#include <gtest/gtest.h>

#include <thread>

#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

// Each frame holds a 1 KiB array, written from its lowest address up. A frame
// smaller than a page cannot jump over the single guard page.
[[gnu::noinline]] int recurse(int depth) {
  volatile char frame[1024];
  for (std::size_t i = 0; i < sizeof frame; ++i) frame[i] = static_cast<char>(depth + i);
  if (depth == 0) return frame[0];
  return recurse(depth - 1) + frame[depth % sizeof frame];  // not a tail call
}

struct Vars {
  Shared<int> x{"x"};
  Shared<int> y{"y"};
};

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

ScenarioSpec overflow_after_a_step() {
  return test_scenario<Vars>("overflow_after_step", [](Vars& s) {
    spawn("steady", [&s] { s.y.store(1); });
    spawn("deep", [&s] {
      s.x.store(1);
      s.x.store(recurse(1 << 20));
    });
  });
}

ScenarioSpec overflow_before_any_step() {
  // An initial thread runs up to its first visible operation while the
  // scenario's start() spawns it: the overflow happens right there.
  return test_scenario<Vars>("overflow_at_start", [](Vars& s) {
    spawn("deep", [&s] { s.x.store(recurse(1 << 20)); });
    spawn("steady", [&s] { s.y.store(1); });
  });
}

ScenarioSpec harmless() {
  return test_scenario<Vars>("harmless", [](Vars& s) {
    spawn("a", [&s] {
      s.x.store(recurse(10));
      s.x.store(2);
    });
    spawn("b", [&s] { s.y.store(1); });
  });
}

void expect_overflow_in_deep(const ExploreResult& r, ThreadId deep) {
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::exception);
  EXPECT_TRUE(contains(r.violation->message, "stack overflow in thread deep"))
      << r.violation->message;
  EXPECT_EQ(r.violation->thread, deep);
}

TEST(StackOverflow, DeepRecursionInAThreadIsAnExceptionNotACrash) {
  expect_overflow_in_deep(explore_dfs(overflow_after_a_step()), 1);
}

TEST(StackOverflow, DeepRecursionBeforeTheFirstStepIsAnExceptionToo) {
  expect_overflow_in_deep(explore_dfs(overflow_before_any_step()), 0);
}

TEST(StackOverflow, TheCheckerKeepsWorkingAfterAnOverflow) {
  expect_overflow_in_deep(explore_dfs(overflow_after_a_step()), 1);
  const ExploreResult after = explore_dfs(harmless());
  EXPECT_FALSE(after.violation) << after.violation->message;
  EXPECT_EQ(after.executions, 3);  // a: 2 steps, b: 1 step: C(3,1)
  // A second overflow is caught just like the first.
  expect_overflow_in_deep(explore_dfs(overflow_before_any_step()), 0);
  expect_overflow_in_deep(explore_dfs(overflow_after_a_step()), 1);
  EXPECT_EQ(explore_dfs(harmless()).executions, 3);
}

TEST(StackOverflow, AnOverflowIsCaughtWhenTheCheckerRunsOnAnotherOsThread) {
  // The signal handler needs an alternate signal stack on whichever OS thread
  // explores, not only on the first one that did.
  expect_overflow_in_deep(explore_dfs(overflow_after_a_step()), 1);
  ExploreResult on_worker;
  std::thread worker([&on_worker] { on_worker = explore_dfs(overflow_after_a_step()); });
  worker.join();
  expect_overflow_in_deep(on_worker, 1);
}

}  // namespace
}  // namespace mmcheck::testing
