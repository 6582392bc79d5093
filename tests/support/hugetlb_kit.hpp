// Exploring a registered hugetlb scenario on one variant with dpor, its
// declared step bound and lockdep setting: what the model tests share.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "checker/explore/strategies.hpp"

namespace mmcheck::testing {

inline ExploreResult explore_variant(const std::string& scenario, const std::string& variant,
                                     double time_limit_s = 60) {
  const ScenarioSpec* spec = find_scenario(scenario);
  EXPECT_NE(spec, nullptr) << scenario;
  ScenarioConfig config;
  config.variant = variant;
  EXPECT_FALSE(resolve_params(*spec, {}, config.params).has_value());
  std::unique_ptr<Strategy> strategy = make_strategy(StrategyOptions{.name = "dpor"});
  ExploreOptions options;
  options.max_steps = spec->max_steps;
  options.check_lock_order = spec->lockdep;
  options.time_limit_s = time_limit_s;
  return explore(*spec, config, *strategy, options);
}

}  // namespace mmcheck::testing
