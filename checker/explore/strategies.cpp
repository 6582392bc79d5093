#include "checker/explore/strategies.hpp"

#include <array>
#include <string_view>

#include "checker/explore/dfs.hpp"
#include "checker/explore/dpor/dpor.hpp"
#include "checker/explore/iterative_bounding.hpp"
#include "checker/explore/pct.hpp"
#include "checker/explore/random_walk.hpp"

namespace mmcheck {
namespace {

struct StrategyRow {
  std::string_view name;
  std::unique_ptr<Strategy> (*make)(const StrategyOptions&);
};

// One row per strategy `run --strategy` accepts, the default first.
constexpr std::array<StrategyRow, 4> kStrategies = {{
    {"dpor", [](const StrategyOptions&) -> std::unique_ptr<Strategy> {
       return std::make_unique<DporStrategy>();
     }},
    {"dfs", [](const StrategyOptions& o) -> std::unique_ptr<Strategy> {
       if (o.preemption_bound) return std::make_unique<IterativeBoundingStrategy>(*o.preemption_bound);
       return std::make_unique<DfsStrategy>();
     }},
    {"random", [](const StrategyOptions& o) -> std::unique_ptr<Strategy> {
       return std::make_unique<RandomStrategy>(o.seed);
     }},
    {"pct", [](const StrategyOptions& o) -> std::unique_ptr<Strategy> {
       return std::make_unique<PctStrategy>(o.seed, o.pct_depth, o.pct_first_steps);
     }},
}};

}  // namespace

const std::vector<std::string>& strategy_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const StrategyRow& row : kStrategies) v.emplace_back(row.name);
    return v;
  }();
  return names;
}

std::unique_ptr<Strategy> make_strategy(const StrategyOptions& o) {
  for (const StrategyRow& row : kStrategies)
    if (row.name == o.name) return row.make(o);
  return nullptr;
}

}  // namespace mmcheck
