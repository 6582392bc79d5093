// The exploration loop: runs executions of a scenario under a strategy until
// the strategy has no more, a violation is found, or a bound is reached.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checker/engine/checkpoint.hpp"
#include "checker/core/event.hpp"
#include "checker/engine/runtime.hpp"
#include "checker/engine/scenario.hpp"
#include "checker/explore/strategy.hpp"
#include "checker/core/verdict.hpp"
#include "checker/core/violation.hpp"

namespace mmcheck {

struct ExploreOptions {
  long max_steps = 100000;
  long max_executions = 0;  // 0: no bound
  double time_limit_s = 0;  // 0: no bound
  bool detect_races = true;
  // Keep every execution's record, not only a violating one (replay).
  bool capture_all = false;
  // False: a violation ends its execution but not the exploration, which
  // goes on and collects every kind of violation (differential testing).
  bool stop_on_violation = true;
  // Lock-order checking (lockdep): a cycle in the lock-order graph, kept
  // across executions, is a lock_order violation.
  bool check_lock_order = false;
  // Replay of a lock_order trace: the dependencies it relied on, and the
  // number its violating execution had.
  std::vector<LockWitness> preload_lock_order;
  long first_execution = 1;
  // When set and true, the exploration stops before its next execution and
  // reports stopped_by "signal" (tools/stop_signal.hpp sets it on SIGINT,
  // SIGTERM and SIGHUP). Polled once per execution: an execution that has
  // begun runs to its end.
  const std::atomic<bool>* stop_requested = nullptr;
  // The nondeterminism self-check (determinism.hpp): each execution is
  // compared with the previous one where their choices agree, and the
  // first and the violating execution are replayed once more at the end.
  bool check_determinism = true;
  // Checkpoints (checkpoint.hpp): when set, called with the state at an
  // execution boundary once checkpoint_interval_s have passed since the
  // last (0: at every boundary), and when the exploration stops before its
  // end (a signal, the time or execution limit). Not with lock-order
  // checking, whose graph is not saved; the strategy must be able to
  // (Strategy::checkpoint_unsupported).
  std::function<void(const ExplorationState&)> on_checkpoint;
  double checkpoint_interval_s = 60;
  // When set, the exploration goes on from this state, saved by the same
  // kind of strategy; `strategy` must be new. Throws CheckpointError when
  // the strategy cannot be in it.
  const ExplorationState* resume = nullptr;
  // Called about every progress_interval_s with the running figures.
  std::function<void(const struct Progress&)> on_progress;
  double progress_interval_s = 0.25;
};

struct Progress {
  long executions = 0;
  long events = 0;
  long depth = 0;  // steps of the last execution
  double elapsed_s = 0;
  double fraction_done = -1;  // the strategy's estimate, or negative
};

// One execution, kept whole: what a trace file is written from.
struct ExecutionRecord {
  std::vector<std::string> threads;
  std::vector<std::string> objects;  // by ObjectId
  std::vector<ScheduleEntry> schedule;
  std::vector<Event> events;
  std::vector<Note> notes;
  std::optional<Violation> violation;
  long preemptions = 0;
};

struct ExploreResult {
  std::string scenario;
  std::string variant;
  Params params;
  std::string text;  // ScenarioConfig::text
  std::string strategy;
  std::optional<Violation> violation;       // the first found
  std::set<ViolationKind> violation_kinds;  // every kind found
  ExecutionRecord counterexample;  // the execution that violated (or the last, capture_all)
  long executions = 0;             // completed or violating executions
  long abandoned = 0;              // given up by the strategy (redundant)
  long events = 0;                 // visible steps over all executions
  long max_depth = 0;
  bool complete = false;  // every behaviour within the bounds was explored
  StopReason stopped_by = StopReason::none;
  std::string strategy_failure;
  // Non-empty when the scenario proved not deterministic: the sentence
  // saying at which step of which thread (also in strategy_failure, and
  // stopped_by is nondeterminism). The verdict is then no verdict.
  std::string nondeterminism;
  long divergences = 0;  // the strategy's dropped branches (dpor), see Strategy
  double elapsed_s = 0;
  std::map<std::string, long> coverage;  // point -> executions that reached it
  std::size_t lock_classes = 0;          // lock-order checking: classes seen
  std::size_t lock_dependencies = 0;     // and edges in the graph
  long violating_execution = 0;          // 1-based number of the violating execution
  // Names of scenario threads that ended, in some execution, without a
  // visible step (Runtime::threads_without_steps): a warning, not a verdict.
  std::set<std::string> threads_without_steps;

  Verdict verdict() const;
};

// The step bound when neither the user nor the scenario sets one.
inline constexpr long kDefaultMaxSteps = 10000;

// What a command line may override of what a scenario declares.
struct OptionOverrides {
  std::optional<long> max_steps;
  std::optional<bool> lockdep;
};

// The options a scenario declares (its step bound, else kDefaultMaxSteps;
// its lock-order checking), with the overrides applied: the one place
// run, regress, sweep and the benchmarks get their defaults from.
ExploreOptions options_for(const ScenarioSpec& spec, const OptionOverrides& overrides = {});

ExploreResult explore(const ScenarioSpec& spec, const ScenarioConfig& config, Strategy& strategy,
                      const ExploreOptions& options);

// Captures the current execution of a runtime (before end_execution).
ExecutionRecord capture(const Runtime& rt);

}  // namespace mmcheck
