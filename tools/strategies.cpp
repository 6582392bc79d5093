#include "tools/strategies.hpp"

#include "checker/dfs.hpp"
#include "checker/dpor.hpp"
#include "checker/iterative_bounding.hpp"
#include "checker/pct.hpp"
#include "checker/random_walk.hpp"

namespace mmcheck {

const std::vector<std::string>& strategy_names() {
  static const std::vector<std::string> names{"dpor", "dfs", "random", "pct"};
  return names;
}

std::unique_ptr<Strategy> make_strategy(const StrategyOptions& o) {
  if (o.name == "dpor") return std::make_unique<DporStrategy>();
  if (o.name == "dfs" && o.preemption_bound)
    return std::make_unique<IterativeBoundingStrategy>(*o.preemption_bound);
  if (o.name == "dfs") return std::make_unique<DfsStrategy>();
  if (o.name == "random") return std::make_unique<RandomStrategy>(o.seed);
  if (o.name == "pct")
    return std::make_unique<PctStrategy>(o.seed, o.pct_depth, o.pct_first_steps);
  return nullptr;
}

}  // namespace mmcheck
