// The subcommands of the mmcheck command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/strategies.hpp"

namespace mmcheck {

struct RunArgs {
  std::string scenario;
  std::optional<std::string> variant;
  StrategyOptions strategy;
  bool strategy_given = false;  // --strategy was on the command line
  std::optional<long> preemption_bound;
  std::optional<int> pct_depth;
  std::optional<long> max_steps;
  long max_executions = 0;
  double time_limit_s = 0;
  std::vector<std::string> params;
  std::optional<std::string> mix;  // scenario mix: its operation mix (issue 12)
  std::optional<std::string> trace_out;
  bool json = false;
  std::optional<bool> progress;  // unset: on when stdout is a terminal
  std::optional<bool> lockdep;   // unset: as the scenario declares
};

struct ReplayArgs {
  std::string trace;
  std::optional<std::string> variant;
  bool verbose = false;
  bool json = false;
};

struct ShowArgs {
  std::string trace;
  std::string format = "text";
};

struct RegressArgs {
  std::optional<std::string> junit;
  bool json = false;
  std::string golden_dir;  // where the golden traces are
};

// mmcheck sweep (issue 12): every operation mix within bounds.
struct SweepArgs {
  std::vector<std::string> variants;  // empty: before, patch1, after
  int threads = 3;
  int ops_per_thread = 1;
  int mms = 2;
  int ptrs = 2;
  std::string ops = "fault,exit,truncate,punch,memfail";
  int jobs = 1;
  std::optional<std::string> shard;   // "K/N"
  bool json = false;
  std::optional<std::string> resume;  // the journal
  std::string trace_dir = "mmcheck-out/sweep";
  double time_limit_s = 0;            // per mix and variant
  long list = 20;                     // violating mixes listed per variant (-1: all)
  std::optional<bool> progress;
};

struct SweepMergeArgs {
  std::vector<std::string> files;
  bool json = false;
  long list = 20;
};

// The --max-steps default when neither the user nor the scenario sets one.
inline constexpr long kDefaultMaxSteps = 10000;

int cmd_list(bool json);
int cmd_regress(const RegressArgs& args);
int cmd_run(const RunArgs& args);
int cmd_replay(const ReplayArgs& args);
int cmd_show(const ShowArgs& args);
int cmd_sweep(const SweepArgs& args);
int cmd_sweep_merge(const SweepMergeArgs& args);

}  // namespace mmcheck
