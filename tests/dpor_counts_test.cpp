// dpor explores exactly one complete execution per Mazurkiewicz trace of the
// classic benchmarks (benchmarks/classic.md); dfs explores every interleaving.
#include <gtest/gtest.h>

#include <string>

#include "checker/explore/dfs.hpp"
#include "checker/explore/dpor/dpor.hpp"
#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck {
namespace {

ExploreResult run(const std::string& scenario, long n, Strategy& strategy,
                  const std::string& variant = "default") {
  const ScenarioSpec* spec = find_scenario(scenario);
  EXPECT_NE(spec, nullptr) << scenario;
  ScenarioConfig config{{{"N", n}}, variant};
  return explore(*spec, config, strategy, ExploreOptions{});
}

void expect_traces(const std::string& scenario, long n, long traces) {
  DporStrategy dpor;
  const ExploreResult r = run(scenario, n, dpor);
  EXPECT_EQ(r.verdict(), Verdict::verified) << scenario << " N=" << n;
  EXPECT_EQ(r.executions, traces) << scenario << " N=" << n;
}

long pow2(int k) { return 1L << k; }

TEST(DporCounts, LastZero) {
  for (int n = 2; n <= 6; ++n) expect_traces("lastzero", n, (n + 3) * pow2(n - 2));
  expect_traces("lastzero", 10, 3328);
}

TEST(DporCounts, Readers) {
  for (int n : {2, 3, 8, 13}) expect_traces("readers", n, pow2(n));
}

TEST(DporCounts, Independent) {
  for (int n : {1, 4, 16}) expect_traces("independent", n, 1);
}

TEST(DporCounts, Indexer) {
  expect_traces("indexer", 11, 1);
  expect_traces("indexer", 12, 8);
  expect_traces("indexer", 13, 64);
}

TEST(DporCounts, LockInc) {
  long f = 1;
  for (int n = 2; n <= 5; ++n) expect_traces("lockinc", n, f *= n);
}

TEST(DporCounts, Binc) {
  expect_traces("binc", 2, 4);
  expect_traces("binc", 3, 36);
}

TEST(DporCounts, RwsemReadSide) {
  for (int n : {1, 3, 6, 10}) expect_traces("rwsem_read_side", n, pow2(n));
}

TEST(DporCounts, PhilosophersDeadlockOrVerify) {
  for (int n = 2; n <= 5; ++n) {
    DporStrategy a;
    const ExploreResult d = run("philosophers", n, a, "default");
    ASSERT_TRUE(d.violation) << n;
    EXPECT_EQ(d.violation->kind, ViolationKind::deadlock);
    DporStrategy b;
    EXPECT_EQ(run("philosophers", n, b, "ordered").verdict(), Verdict::verified) << n;
  }
}

// classic.md's counts of plain exhaustive search: our initial threads start
// without a step, exactly as the benchmark counts them.
TEST(DfsCounts, LastZeroInterleavings) {
  DfsStrategy a;
  EXPECT_EQ(run("lastzero", 2, a).executions, 35);
  DfsStrategy b;
  EXPECT_EQ(run("lastzero", 3, b).executions, 920);
}

}  // namespace
}  // namespace mmcheck
