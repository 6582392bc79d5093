// Runs sweep tasks (one mix on one variant each) in worker processes:
// `jobs` children forked before any exploration, so the fiber runtime of
// each lives in one single-threaded process. Tasks are handed out one at a
// time (the next to the first idle worker); results come back as journal
// lines. A stop request (SIGINT, SIGTERM, SIGHUP) kills the workers and
// returns with the results so far.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tools/sweep_results.hpp"

namespace mmcheck {

struct SweepTask {
  std::string mix;
  std::string variant;
};

struct SweepRunOptions {
  std::string trace_dir = "mmcheck-out/sweep";
  long max_steps = 10000;
  double time_limit_s = 0;  // per task; 0: none
};

// One task in this process: dpor to a verdict; writes the counterexample
// of a violation under trace_dir, named after the mix and the variant.
SweepRecord run_sweep_task(const SweepTask& task, const SweepRunOptions& options);

// The trace file a violating task writes (stable across runs and shards).
std::string sweep_trace_path(const SweepTask& task, const SweepRunOptions& options);

struct PoolOutcome {
  bool stopped_by_signal = false;
};

// Runs every task on `jobs` workers; calls on_result in the parent for each
// finished one, in the order they finish, and on_idle about every 0.25 s.
PoolOutcome run_sweep_pool(const std::vector<SweepTask>& tasks, int jobs,
                           const SweepRunOptions& options,
                           const std::function<void(const SweepRecord&)>& on_result,
                           const std::function<void()>& on_idle);

}  // namespace mmcheck
