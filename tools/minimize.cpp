#include "tools/minimize.hpp"

#include "checker/explore/iterative_bounding.hpp"

namespace mmcheck {

std::optional<Minimized> fewer_preemptions(const ScenarioSpec& spec, const ScenarioConfig& config,
                                           const ExploreOptions& options,
                                           const ExploreResult& found, double budget_s,
                                           long max_executions) {
  if (!found.violation || found.counterexample.preemptions == 0) return std::nullopt;
  const long bound = found.counterexample.preemptions - 1;
  IterativeBoundingStrategy strategy(bound);
  ExploreOptions bounded = options;
  bounded.on_progress = nullptr;
  bounded.time_limit_s = budget_s;
  bounded.max_executions = max_executions;
  bounded.stop_on_violation = true;
  bounded.capture_all = false;
  const ExploreResult r = explore(spec, config, strategy, bounded);
  if (!r.violation || r.violation->kind != found.violation->kind) return std::nullopt;
  if (r.counterexample.preemptions >= found.counterexample.preemptions) return std::nullopt;
  return Minimized{r.counterexample, r.counterexample.preemptions};
}

}  // namespace mmcheck
