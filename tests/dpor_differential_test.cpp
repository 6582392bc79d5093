// dpor against dfs on thousands of seeded random programs: the same
// Mazurkiewicz traces, final states and kinds of violation, and never more
// complete executions.
#include <gtest/gtest.h>

#include "dpor_differential.hpp"

namespace mmcheck::testing {
namespace {

TEST(DporDifferential, AgreesWithDfsOnRandomPrograms) {
  constexpr int kSeeds = 2000;
  int compared = 0;
  long dfs = 0, dpor = 0, abandoned = 0, redundant = 0, traces = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const Differential d = run_differential(static_cast<std::uint64_t>(seed));
    if (d.skipped) continue;
    ++compared;
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
  std::printf(
      "compared %d programs, %ld traces; executions dfs %ld, dpor %ld (%ld repeating a trace, "
      "%ld abandoned)\n",
      compared, traces, dfs, dpor, redundant, abandoned);
}

// Seeds beyond the range above on which the soak (dpor_soak) once found
// dpor missing a trace; dpor.hpp says what each taught.
TEST(DporDifferential, AgreesOnTheSeedsTheSoakFoundBugsOn) {
  for (std::uint64_t seed : {2005487u, 3003019u, 5000473u, 5009760u, 7001375u, 8018363u,
                             9005217u, 10005339u, 14012306u, 14017616u}) {
    const Differential d = run_differential(seed);
    ASSERT_FALSE(d.skipped) << seed;
    EXPECT_TRUE(d.same) << d.why;
    EXPECT_EQ(d.dpor_redundant, 0) << seed;
  }
}

// Open: the soak from 15,000,000 found dpor missing 2 of 167 traces here
// (a failed compare-and-swap, a read trylock and a queued down_write).
// Enable with --gtest_also_run_disabled_tests while fixing it.
TEST(DporDifferential, DISABLED_KnownMissedTraces) {
  const Differential d = run_differential(15017521u);
  ASSERT_FALSE(d.skipped);
  EXPECT_TRUE(d.same) << d.why;
}

}  // namespace
}  // namespace mmcheck::testing
