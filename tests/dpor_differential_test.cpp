// dpor against dfs on thousands of seeded random programs: the same
// Mazurkiewicz traces, final states and kinds of violation, and never more
// complete executions.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dpor_differential.hpp"

namespace mmcheck::testing {
namespace {

TEST(DporDifferential, AgreesWithDfsOnRandomPrograms) {
  constexpr int kSeeds = 2000;
  int compared = 0;
  long dfs = 0, dpor = 0, abandoned = 0, redundant = 0, traces = 0, skips = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const Differential d = run_differential(static_cast<std::uint64_t>(seed));
    if (d.skipped) continue;
    ++compared;
    skips += d.skipped_reversals_checked;
    dfs += d.dfs_executions;
    dpor += d.dpor_executions;
    abandoned += d.dpor_abandoned;
    redundant += d.dpor_redundant;
    traces += d.traces;
    ASSERT_TRUE(d.same) << d.why;
  }
  // Most programs are small enough for dfs to exhaust.
  EXPECT_GT(compared, kSeeds * 9 / 10);
  EXPECT_LT(dpor, dfs);
  // Reversals skipped as still covered were made anyway, and were covered
  // (run_differential); there must be some for that to say anything.
  EXPECT_GT(skips, 1000);
  std::printf(
      "compared %d programs, %ld traces; executions dfs %ld, dpor %ld (%ld repeating a trace, "
      "%ld abandoned)\n",
      compared, traces, dfs, dpor, redundant, abandoned);
}

// Programs of loads, stores, adds and branches only, four threads each:
// the papers' own model, where Optimal-DPOR must see every trace exactly
// once and never be blocked by its sleep sets. Seed 2773 is one on which
// dpor missed 2 of 24 traces while it reversed each race only in the
// execution that found it (dpor.cpp, reverse_races).
TEST(DporDifferential, IsOptimalOnProgramsOfPlainMemory) {
  std::vector<std::uint64_t> seeds = {2773};
  for (std::uint64_t seed = 1; seed <= 300; ++seed) seeds.push_back(seed);
  int compared = 0;
  for (const std::uint64_t seed : seeds) {
    const Differential d = run_differential(seed, 20000, ProgramShape::plain_memory);
    if (d.skipped) continue;
    ++compared;
    ASSERT_TRUE(d.same) << d.why;
    EXPECT_EQ(d.dpor_redundant, 0) << seed;
    EXPECT_EQ(d.dpor_abandoned, 0) << seed;
    EXPECT_EQ(d.dpor_executions, d.traces) << seed;
  }
  EXPECT_GT(compared, 250);
}

// Four threads made mostly of locks, rw_semaphores, trylocks,
// compare-and-swap and awaits: where dpor leaves the papers' model and
// relies on its own rules (dpor.hpp). Optimality is not required here.
TEST(DporDifferential, AgreesWithDfsOnSynchronisationPrograms) {
  int compared = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Differential d = run_differential(seed, 20000, ProgramShape::synchronisation);
    if (d.skipped) continue;
    ++compared;
    ASSERT_TRUE(d.same) << d.why;
  }
  EXPECT_GT(compared, 100);
}

// Awaits on one or two variables among stores of 0, 1 and 2: awaits that
// become enabled, disabled and enabled again (issue 13), where dpor once
// missed the traces in which an await passes between two writes.
TEST(DporDifferential, AgreesWithDfsOnProgramsOfAwaits) {
  int compared = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    const Differential d = run_differential(seed, 20000, ProgramShape::awaits);
    if (d.skipped) continue;
    ++compared;
    ASSERT_TRUE(d.same) << d.why;
  }
  EXPECT_GT(compared, 300);
}

// Seeds beyond the range above on which the soak (dpor_soak) once found
// dpor missing a trace; dpor.hpp says what each taught.
TEST(DporDifferential, AgreesOnTheSeedsTheSoakFoundBugsOn) {
  for (std::uint64_t seed : {2005487u, 3003019u, 5000473u, 5009760u, 7001375u, 8018363u,
                             9005217u, 10005339u, 14012306u, 14017616u,
                             15017521u, 18019996u}) {
    const Differential d = run_differential(seed);
    ASSERT_FALSE(d.skipped) << seed;
    EXPECT_TRUE(d.same) << d.why;
    EXPECT_EQ(d.dpor_redundant, 0) << seed;
  }
}

}  // namespace
}  // namespace mmcheck::testing
