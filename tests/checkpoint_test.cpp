// Checkpoints (checker/engine/checkpoint.hpp, issue 13): an exploration stopped at
// execution boundaries and resumed from its saved state, again and again,
// explores what an uninterrupted one does: the same executions (count,
// abandoned, verdict, the violating execution's number) and the same
// Mazurkiewicz traces and final states, under dfs and dpor, on random
// programs of every shape.
#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "checker/engine/checkpoint.hpp"
#include "checker/explore/dfs.hpp"
#include "checker/explore/dpor/dpor.hpp"
#include "checker/engine/explorer.hpp"
#include "checker/explore/pct.hpp"
#include "dpor_random_program.hpp"
#include "trace_recorder.hpp"

namespace mmcheck::testing {
namespace {

std::unique_ptr<Strategy> make(bool dpor) {
  if (dpor) return std::make_unique<DporStrategy>();
  return std::make_unique<DfsStrategy>();
}

struct Run {
  ExploreResult result;
  std::set<std::string> traces;
  std::set<std::vector<long>> finals;
  int segments = 0;
};

ExploreOptions base_options() {
  ExploreOptions o;
  o.max_steps = 1000;
  return o;
}

Run uninterrupted(const std::shared_ptr<const Program>& program, bool dpor) {
  Run run;
  auto outcomes = std::make_shared<Outcomes>();
  auto strategy = make(dpor);
  TraceRecorder recorder(*strategy);
  run.result = explore(program_scenario(program, outcomes), {{}, "default"}, recorder,
                       base_options());
  run.traces = recorder.traces();
  run.finals = outcomes->finals;
  run.segments = 1;
  return run;
}

// Stops after a few executions at a time (drawn from `seed`), each segment
// a new strategy resumed from the state the last one saved when it stopped.
Run in_segments(const std::shared_ptr<const Program>& program, bool dpor, std::uint64_t seed) {
  Run run;
  std::mt19937_64 rng(seed);
  std::optional<ExplorationState> saved;
  long total = 0;
  for (;;) {
    auto outcomes = std::make_shared<Outcomes>();
    auto strategy = make(dpor);
    TraceRecorder recorder(*strategy);
    ExploreOptions o = base_options();
    total += 1 + static_cast<long>(rng() % 6);
    o.max_executions = total;  // counts the resumed executions too
    o.checkpoint_interval_s = 1e9;  // only when it stops early
    std::optional<ExplorationState> next;
    o.on_checkpoint = [&](const ExplorationState& s) { next = s; };
    o.resume = saved ? &*saved : nullptr;
    run.result = explore(program_scenario(program, outcomes), {{}, "default"}, recorder, o);
    ++run.segments;
    run.traces.insert(recorder.traces().begin(), recorder.traces().end());
    run.finals.insert(outcomes->finals.begin(), outcomes->finals.end());
    if (run.result.stopped_by != StopReason::max_executions) return run;
    EXPECT_TRUE(next.has_value()) << "a run stopped early saves its state";
    if (!next) return run;
    saved = next;
  }
}

void expect_same(std::uint64_t seed, ProgramShape shape, bool dpor) {
  auto program = std::make_shared<const Program>(random_program(seed, shape));
  const Run a = uninterrupted(program, dpor);
  if (a.result.executions > 1500) return;  // keep the test short
  const Run b = in_segments(program, dpor, seed);
  const std::string where = std::string(dpor ? "dpor" : "dfs") + ", seed " +
                            std::to_string(seed) + ", " + std::to_string(b.segments) +
                            " segments\n" + program->describe();
  EXPECT_EQ(a.result.executions, b.result.executions) << where;
  EXPECT_EQ(a.result.abandoned, b.result.abandoned) << where;
  EXPECT_EQ(a.result.events, b.result.events) << where;
  EXPECT_EQ(a.result.verdict(), b.result.verdict()) << where;
  EXPECT_EQ(a.result.violating_execution, b.result.violating_execution) << where;
  EXPECT_EQ(a.result.divergences, b.result.divergences) << where;
  EXPECT_EQ(a.traces, b.traces) << where;
  EXPECT_EQ(a.finals, b.finals) << where;
  EXPECT_TRUE(b.result.strategy_failure.empty()) << b.result.strategy_failure << "\n" << where;
}

class CheckpointResume : public ::testing::TestWithParam<ProgramShape> {};

TEST_P(CheckpointResume, DfsInSegmentsExploresWhatOneRunDoes) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) expect_same(seed, GetParam(), false);
}

TEST_P(CheckpointResume, DporInSegmentsExploresWhatOneRunDoes) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) expect_same(seed, GetParam(), true);
}

INSTANTIATE_TEST_SUITE_P(Shapes, CheckpointResume,
                         ::testing::Values(ProgramShape::mixed, ProgramShape::plain_memory,
                                           ProgramShape::synchronisation, ProgramShape::awaits),
                         [](const auto& info) {
                           switch (info.param) {
                             case ProgramShape::mixed: return std::string("mixed");
                             case ProgramShape::plain_memory: return std::string("plain");
                             case ProgramShape::synchronisation: return std::string("sync");
                             case ProgramShape::awaits: return std::string("awaits");
                           }
                           return std::string("other");
                         });

// A state the strategy cannot be in is refused, not trusted.
TEST(CheckpointState, DataADporCannotBeInIsRefused) {
  // The first program whose exploration saves a state with a path.
  std::shared_ptr<const Program> program;
  std::optional<ExplorationState> saved;
  for (std::uint64_t seed = 1; seed <= 50 && !(saved && saved->strategy.size() > 10); ++seed) {
    program = std::make_shared<const Program>(random_program(seed, ProgramShape::plain_memory));
    DporStrategy dpor;
    ExploreOptions o = base_options();
    o.max_executions = 3;
    o.checkpoint_interval_s = 0;  // at every boundary
    o.on_checkpoint = [&](const ExplorationState& s) { saved = s; };
    explore(program_scenario(program, std::make_shared<Outcomes>()), {{}, "default"}, dpor, o);
  }
  ASSERT_TRUE(saved.has_value());
  ExplorationState cut = *saved;
  cut.strategy.resize(cut.strategy.size() / 2);
  ExplorationState longer = *saved;
  longer.strategy.push_back(0);
  ExplorationState bad_thread = *saved;
  // The flags, the divergences and the path's length, then the first
  // state: its kind, value count, first value, tried, explored, choice.
  ASSERT_GT(bad_thread.strategy.size(), 10u);
  bad_thread.strategy[10] = kMaxThreads + 3;
  for (const ExplorationState* s : {&cut, &longer, &bad_thread}) {
    DporStrategy dpor;
    ExploreOptions o = base_options();
    o.resume = s;
    EXPECT_THROW(
        explore(program_scenario(program, std::make_shared<Outcomes>()), {{}, "default"}, dpor, o),
        CheckpointError);
  }
}

TEST(CheckpointState, AStrategyThatCannotSaysSo) {
  PctStrategy pct(1, 3, 100);
  EXPECT_FALSE(pct.checkpoint_unsupported().empty());
  auto program = std::make_shared<const Program>(random_program(3, ProgramShape::mixed));
  ExploreOptions o = base_options();
  o.on_checkpoint = [](const ExplorationState&) {};
  EXPECT_THROW(
      explore(program_scenario(program, std::make_shared<Outcomes>()), {{}, "default"}, pct, o),
      CheckpointError);
}

}  // namespace
}  // namespace mmcheck::testing
