#include "tools/strategies.hpp"

#include "checker/dfs.hpp"
#include "checker/random_walk.hpp"

namespace mmcheck {

const std::vector<std::string>& strategy_names() {
  static const std::vector<std::string> names{"dfs", "random"};
  return names;
}

std::unique_ptr<Strategy> make_strategy(const StrategyOptions& o) {
  if (o.name == "dfs") return std::make_unique<DfsStrategy>();
  if (o.name == "random") return std::make_unique<RandomStrategy>(o.seed);
  return nullptr;
}

}  // namespace mmcheck
