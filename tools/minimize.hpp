// Minimal counterexamples: after a strategy finds a violation, look for an
// execution with the same kind of violation and fewer preemptions, by
// iterative preemption bounding (bound 0, 1, ... one below what was found),
// within a time and execution budget. Few preemptions make a trace short to
// read: most steps then run one thread for a while.
#pragma once

#include <optional>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck {

struct Minimized {
  ExecutionRecord record;
  long bound = 0;  // the preemption bound that found it
};

std::optional<Minimized> fewer_preemptions(const ScenarioSpec& spec, const ScenarioConfig& config,
                                           const ExploreOptions& options,
                                           const ExploreResult& found, double budget_s = 10,
                                           long max_executions = 200000);

}  // namespace mmcheck
