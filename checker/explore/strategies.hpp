// Builds a strategy from its command-line name.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/explore/strategy.hpp"

namespace mmcheck {

struct StrategyOptions {
  std::string name = "dpor";
  std::uint64_t seed = 1;
  // dfs: explore with at most this many preemptions, bound 0 first, then 1,
  // ... (iterative context bounding). Unset: no bound.
  std::optional<long> preemption_bound;
  // pct: the bug depth d (d-1 priority change points), and the number of
  // steps k the first execution's change points are drawn from.
  int pct_depth = 3;
  long pct_first_steps = 100;
};

// The names `run --strategy` accepts.
const std::vector<std::string>& strategy_names();
// Null when the name is unknown.
std::unique_ptr<Strategy> make_strategy(const StrategyOptions& options);

}  // namespace mmcheck
