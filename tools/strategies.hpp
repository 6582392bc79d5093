// Builds a strategy from its command-line name.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "checker/strategy.hpp"

namespace mmcheck {

struct StrategyOptions {
  std::string name = "dfs";
  std::uint64_t seed = 1;
};

// The names `run --strategy` accepts.
const std::vector<std::string>& strategy_names();
// Null when the name is unknown.
std::unique_ptr<Strategy> make_strategy(const StrategyOptions& options);

}  // namespace mmcheck
