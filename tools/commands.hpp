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

// The --max-steps default when neither the user nor the scenario sets one.
inline constexpr long kDefaultMaxSteps = 10000;

int cmd_list(bool json);
int cmd_regress(const RegressArgs& args);
int cmd_run(const RunArgs& args);
int cmd_replay(const ReplayArgs& args);
int cmd_show(const ShowArgs& args);

}  // namespace mmcheck
