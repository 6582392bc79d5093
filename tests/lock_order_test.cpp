// Lock-order scenarios (issue 7): cow_unmap_ref_private,
// memory_failure_lock_order and migrate_evict_2018 end as their
// expectations say; with lockdep off the bad orders deadlock for real; a
// lock_order report names both chains with source locations; the `after`
// variants of the hugetlb scenarios are lock_order-free; the golden
// counterexamples replay (lock_order ones by preloading their chain).
#include <gtest/gtest.h>

#include <cctype>
#include <iterator>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "tools/replay_check.hpp"
#include "tools/report.hpp"
#include "checker/explore/strategies.hpp"

namespace mmcheck {
namespace {

// Explores one scenario variant exhaustively with dpor; lockdep as the
// scenario declares unless `lockdep` says otherwise.
ExploreResult explore_variant(const std::string& scenario, const std::string& variant,
                              std::optional<bool> lockdep = std::nullopt,
                              const std::vector<std::string>& params = {}) {
  const ScenarioSpec* spec = find_scenario(scenario);
  EXPECT_NE(spec, nullptr) << scenario;
  if (spec == nullptr) return {};
  ScenarioConfig config;
  config.variant = variant;
  EXPECT_FALSE(resolve_params(*spec, params, config.params).has_value());
  std::unique_ptr<Strategy> strategy = make_strategy(StrategyOptions{.name = "dpor"});
  EXPECT_NE(strategy, nullptr);
  ExploreOptions options = options_for(*spec, {.lockdep = lockdep});
  options.time_limit_s = 60;
  return explore(*spec, config, *strategy, options);
}

std::string describe(const ExploreResult& r) {
  return r.violation ? describe_violation(*r.violation, r.counterexample)
                     : std::string(to_string(r.verdict()));
}

struct Case {
  std::string scenario;
  std::string variant;
};

class LockOrderScenario : public ::testing::TestWithParam<Case> {};

TEST_P(LockOrderScenario, EndsAsExpected) {
  const Case& c = GetParam();
  const ScenarioSpec* spec = find_scenario(c.scenario);
  ASSERT_NE(spec, nullptr);
  const Expectation* expected = spec->expectation_for(c.variant);
  ASSERT_NE(expected, nullptr);
  const ExploreResult result = explore_variant(c.scenario, c.variant);
  const Judgement j = judge(*expected, result);
  EXPECT_TRUE(j.met) << c.scenario << "." << c.variant << ": " << j.why << "\n  "
                     << describe(result);
}

INSTANTIATE_TEST_SUITE_P(Issue7, LockOrderScenario,
                         ::testing::Values(Case{"cow_unmap_ref_private", "before"},
                                           Case{"cow_unmap_ref_private", "after"},
                                           Case{"cow_unmap_ref_private", "v5.11"},
                                           Case{"memory_failure_lock_order", "after"},
                                           Case{"memory_failure_lock_order", "naive"},
                                           Case{"migrate_evict_2018", "v5.0-rc1"},
                                           Case{"migrate_evict_2018", "reverted"}),
                         [](const auto& info) {
                           std::string n = info.param.scenario + "_" + info.param.variant;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

// The v5.7 hugetlb_cow error path deadlocks on its own, without the child.
TEST(LockOrder, CowSelfDeadlocksWithoutTheChild) {
  const ExploreResult r =
      explore_variant("cow_unmap_ref_private", "after", false, {"CHILD_FAULT=0"});
  ASSERT_TRUE(r.violation.has_value()) << r.verdict();
  EXPECT_EQ(r.violation->kind, ViolationKind::deadlock) << describe(r);
  EXPECT_NE(r.violation->message.find("down_write(mapping.i_mmap_rwsem)"), std::string::npos)
      << r.violation->message;
  EXPECT_NE(r.violation->message.find("held for read by fault F"), std::string::npos)
      << r.violation->message;
  // v5.11 drops the locks: the lone fault completes.
  const ExploreResult fixed =
      explore_variant("cow_unmap_ref_private", "v5.11", false, {"CHILD_FAULT=0"});
  EXPECT_EQ(fixed.verdict(), Verdict::verified) << describe(fixed);
}

// With lock-order checking off, the orders lockdep flags deadlock for real.
TEST(LockOrder, WithoutLockdepTheBadOrdersDeadlock) {
  for (const Case& c :
       {Case{"memory_failure_lock_order", "naive"}, Case{"migrate_evict_2018", "v5.0-rc1"},
        Case{"cow_unmap_ref_private", "after"}}) {
    const ExploreResult r = explore_variant(c.scenario, c.variant, false);
    ASSERT_TRUE(r.violation.has_value()) << c.scenario << "." << c.variant << ": " << r.verdict();
    EXPECT_EQ(r.violation->kind, ViolationKind::deadlock)
        << c.scenario << "." << c.variant << ": " << describe(r);
  }
}

// A lock_order report is lockdep's: both chains, both classes, file:line.
TEST(LockOrder, ReportNamesBothChainsWithSourceLocations) {
  const std::regex file_line(R"(model/[a-z_]+\.cpp:[0-9]+)");
  for (const Case& c :
       {Case{"memory_failure_lock_order", "naive"}, Case{"migrate_evict_2018", "v5.0-rc1"}}) {
    const ExploreResult r = explore_variant(c.scenario, c.variant, true);
    ASSERT_TRUE(r.violation.has_value()) << c.scenario;
    ASSERT_EQ(r.violation->kind, ViolationKind::lock_order) << describe(r);
    const std::string& m = r.violation->message;
    EXPECT_NE(m.find("possible circular locking dependency detected"), std::string::npos) << m;
    EXPECT_NE(m.find("(mapping.i_mmap_rwsem)"), std::string::npos) << m;
    EXPECT_NE(m.find("(page.PG_locked)"), std::string::npos) << m;
    EXPECT_NE(m.find("the existing dependency chain"), std::string::npos) << m;
    // The kernel's layout: the banner first, the acquisition tried as #0
    // after the existing chain's #1, and the locks the task holds last.
    EXPECT_EQ(m.find("======"), 0u) << m;
    EXPECT_NE(m.find("\nWARNING: possible circular locking dependency detected\n"), std::string::npos) << m;
    const auto one = m.find("-> #1 ("), zero = m.find("-> #0 (");
    ASSERT_NE(one, std::string::npos) << m;
    ASSERT_NE(zero, std::string::npos) << m;
    EXPECT_LT(one, zero) << m;
    EXPECT_NE(m.find("being taken by " + r.violation->chain.back().thread), std::string::npos) << m;
    const std::regex held_list(R"(\n([0-9]+) locks? held by [^:\n]+:\n( #[0-9]+: \([^)]+\)[^\n]*\n?)+$)");
    std::smatch held;
    ASSERT_TRUE(std::regex_search(m, held, held_list)) << m;
    EXPECT_GE(std::stoi(held[1].str()), 1) << m;
    const auto n =
        std::distance(std::sregex_iterator(m.begin(), m.end(), file_line), std::sregex_iterator());
    EXPECT_GE(n, 4) << "expected the held and taken locations of both chains:\n" << m;
    // The chain: the existing edge, then the new one, in opposite directions.
    const auto& chain = r.violation->chain;
    ASSERT_EQ(chain.size(), 2U) << m;
    EXPECT_EQ(chain[0].from, chain[1].to);
    EXPECT_EQ(chain[0].to, chain[1].from);
    for (const LockWitness& w : chain) {
      EXPECT_NE(w.loc.line, 0) << w.from << " -> " << w.to;
      EXPECT_NE(w.held_loc.line, 0) << w.from << " -> " << w.to;
    }
  }
}

// Lockdep on: every hugetlb scenario's fixed variant stays lock_order-free.
// (memory_failure_lock_order's and memory_failure_share's `after` are not:
// collect_procs_file's read of i_mmap_rwsem under the page lock against the
// fault's i_mmap_rwsem -> page lock is a real v5.7 cycle, FINDINGS.md.)
TEST(LockOrder, FixedVariantsAreLockOrderFree) {
  for (const Case& c :
       {Case{"pmd_share_truncate", "after"}, Case{"pmd_share_truncate_exit", "after"},
        Case{"fault_truncate_reserve", "after"}, Case{"fault_fault_share", "after"},
        Case{"memory_failure_lock_order", "before"},
        Case{"cow_unmap_ref_private", "v5.11"}, Case{"migrate_evict_2018", "reverted"}}) {
    const ExploreResult r = explore_variant(c.scenario, c.variant, true);
    EXPECT_FALSE(r.violation_kinds.contains(ViolationKind::lock_order))
        << c.scenario << "." << c.variant << ": " << describe(r);
    EXPECT_EQ(r.verdict(), Verdict::verified) << c.scenario << "." << c.variant << ": " << describe(r);
    EXPECT_GT(r.lock_dependencies, 0U) << c.scenario << "." << c.variant;
  }
}

const std::string kGolden = std::string(MMCHECK_SOURCE_DIR) + "/traces/golden/";

// The golden counterexamples replay; the lock_order ones by preloading the
// chain stored in the verdict (the .preload one relies on an edge found in
// an earlier execution than the violating one). memory_failure_lock_order's
// naive trace is the two-thread deadlock found with lockdep off: with
// lockdep on, collect_procs_file's cycle (shared with `after`) comes first.
TEST(LockOrderGoldenTraces, ReplayAndReproduceTheirVerdict) {
  for (const char* name : {"cow_unmap_ref_private.after", "memory_failure_lock_order.naive",
                           "migrate_evict_2018.v5.0-rc1", "migrate_evict_2018.v5.0-rc1.preload"}) {
    const ReplayOutcome o = replay_trace(kGolden + name + ".json", std::nullopt);
    EXPECT_TRUE(o.reproduced) << name << ": " << o.summary;
  }
}

// The 2018 orders replayed on the fixed kernels stop where the fix differs.
TEST(LockOrderGoldenTraces, TheNaiveScheduleDoesNotReproduceOnTheFixedKernel) {
  const ReplayOutcome o = replay_trace(kGolden + "memory_failure_lock_order.naive.json", "after");
  EXPECT_FALSE(o.reproduced) << o.summary;
}

}  // namespace
}  // namespace mmcheck
