// The detectors that scenario code triggers itself: failed checks
// (`assertion`), failed invariants (`invariant`), exceptions (`exception`),
// and executions that run past the step bound (`step_bound`).
#include <gtest/gtest.h>

#include <stdexcept>

#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

struct Var {
  Shared<int> x{"x"};
};

unsigned g_line = 0;  // the line of the failing call, set by the scenario

std::string file_of(const Violation& v) { return SourceLoc::relative_path(v.loc.file); }

TEST(DetectAssertion, AFailedCheckInAThreadIsAnAssertionAtItsLocation) {
  auto spec = test_scenario<Var>("check_in_thread", [](Var& s) {
    spawn("checker", [&s] {
      s.x.store(1);
      g_line = __LINE__ + 1;
      check(s.x.load() == 2, "x is not 2");
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.verdict(), Verdict::violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::assertion);
  EXPECT_EQ(r.violation->message, "x is not 2");
  EXPECT_EQ(r.violation->thread, 0);
  EXPECT_EQ(r.violation->step, 1);  // the load, the step just taken
  EXPECT_EQ(r.violation->loc.line, g_line);
  EXPECT_EQ(file_of(*r.violation), "tests/detector_check_test.cpp");
  EXPECT_FALSE(r.complete);
}

TEST(DetectAssertion, APassingCheckIsNoViolation) {
  auto spec = test_scenario<Var>("check_passes", [](Var& s) {
    spawn("checker", [&s] {
      s.x.store(2);
      check(s.x.load() == 2, "x is not 2");
    });
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation);
  EXPECT_EQ(r.verdict(), Verdict::verified);
}

TEST(DetectAssertion, AFailedCheckInFinishBelongsToNoThread) {
  auto spec = test_scenario<Var>(
      "check_in_finish", [](Var& s) { spawn("writer", [&s] { s.x.store(1); }); },
      [](Var& s) { check(s.x.peek() == 0, "x was written"); });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::assertion);
  EXPECT_EQ(r.violation->message, "x was written");
  EXPECT_EQ(r.violation->thread, kNoThread);
  EXPECT_EQ(r.executions, 1);
}

TEST(DetectAssertion, OnlyTheInterleavingThatBreaksTheCheckIsReported) {
  // The check fails only when b stores before a loads: dfs reaches it on a
  // later execution, and stops there.
  auto spec = test_scenario<Var>("check_one_order", [](Var& s) {
    spawn("a", [&s] { check(s.x.load() == 0, "a saw b's store"); });
    spawn("b", [&s] { s.x.store(1); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.executions, 2);
  EXPECT_EQ(r.violation->message, "a saw b's store");
  ASSERT_EQ(r.counterexample.schedule.size(), 2u);
  EXPECT_EQ(r.counterexample.schedule[0].thread, 1);
  EXPECT_EQ(r.counterexample.schedule[1].thread, 0);
}

TEST(DetectInvariant, AFailedInvariantIsAnInvariantViolation) {
  auto spec = test_scenario<Var>("invariant", [](Var& s) {
    spawn("t", [&s] {
      s.x.store(-1);
      g_line = __LINE__ + 1;
      check_invariant(s.x.peek() >= 0, "x must not be negative");
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::invariant);
  EXPECT_EQ(r.violation->message, "x must not be negative");
  EXPECT_EQ(r.violation->thread, 0);
  EXPECT_EQ(r.violation->loc.line, g_line);
}

TEST(DetectException, AThreadThatThrowsIsAnExceptionNamingTheThreadAndWhat) {
  auto spec = test_scenario<Var>("throws", [](Var& s) {
    spawn("quiet", [&s] { s.x.store(1); });
    spawn("thrower", [&s] {
      s.x.store(2);
      throw std::runtime_error("boom");
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::exception);
  EXPECT_EQ(r.violation->message, "thread thrower threw an exception: boom");
  EXPECT_EQ(r.violation->thread, 1);
}

TEST(DetectException, ANonStandardThrowIsAnExceptionToo) {
  auto spec = test_scenario<NoState>("throws_int", [](NoState&) {
    spawn("thrower", [] {
      choose(2);
      throw 42;
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::exception);
  EXPECT_EQ(r.violation->message, "thread thrower threw a non-standard exception");
}

TEST(DetectException, SetupThatThrowsIsAnException) {
  auto spec = test_scenario<NoState>("setup_throws", [](NoState&) {
    throw std::runtime_error("no world today");
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::exception);
  EXPECT_EQ(r.violation->message, "scenario setup or finish threw: no world today");
  EXPECT_EQ(r.violation->thread, kNoThread);
}

TEST(DetectException, AThrowingThreadStillUnwindsTheOthersSoTheNextRunWorks) {
  auto spec = test_scenario<Var>("throws_then_more", [](Var& s) {
    spawn("blocked", [&s] { await([&s] { return s.x.load() == 5; }); });
    spawn("thrower", [] { throw std::logic_error("bad"); });
  });
  EXPECT_EQ(explore_dfs(spec).violation->kind, ViolationKind::exception);
  auto fine = test_scenario<Var>("fine", [](Var& s) {
    spawn("a", [&s] { s.x.store(1); });
    spawn("b", [&s] { s.x.store(2); });
  });
  const ExploreResult r = explore_dfs(fine);
  EXPECT_FALSE(r.violation);
  EXPECT_EQ(r.executions, 2);
}

struct Flag {
  Shared<bool> flag{"flag", false};
};

ScenarioSpec spinner() {
  return test_scenario<Flag>("spinner", [](Flag& s) {
    spawn("spinner", [&s] {
      while (!s.flag.load()) {
      }
    });
    spawn("setter", [&s] { s.flag.store(true); });
  });
}

TEST(DetectStepBound, AnExecutionPastMaxStepsIsAStepBoundViolation) {
  ExploreOptions options;
  options.max_steps = 50;
  const ExploreResult r = explore_dfs(spinner(), options);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::step_bound);
  EXPECT_EQ(r.violation->step, 50);
  EXPECT_EQ(r.violation->thread, 0);  // the spinner ran last
  EXPECT_NE(r.violation->message.find("--max-steps=50"), std::string::npos)
      << r.violation->message;
  EXPECT_EQ(r.counterexample.events.size(), 50u);
}

TEST(DetectStepBound, AnExecutionOfExactlyMaxStepsIsFine) {
  auto spec = test_scenario<Var>("three_steps", [](Var& s) {
    spawn("t", [&s] {
      for (int i = 0; i < 3; ++i) s.x.store(i);
    });
  });
  ExploreOptions options;
  options.max_steps = 3;
  EXPECT_FALSE(explore_dfs(spec, options).violation);
  options.max_steps = 2;
  const ExploreResult r = explore_dfs(spec, options);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::step_bound);
  EXPECT_EQ(r.violation->step, 2);
}

}  // namespace
}  // namespace mmcheck::testing
