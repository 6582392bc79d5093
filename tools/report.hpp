// How run results are judged against expectations and printed.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck {

// Whether the result matches the declared expectation; why not, if not.
struct Judgement {
  bool met = true;
  std::string why;
};
Judgement judge(const Expectation& expected, const ExploreResult& result);

// The --json object of one variant run (see design/checker.md).
nlohmann::json result_json(const ScenarioSpec& spec, const ExploreResult& result,
                           const std::optional<std::string>& trace_path);

// The warning for threads that ended without a visible step, or nothing
// when there were none. Printed once per run, and in the JSON `warnings`.
std::optional<std::string> no_visible_step_warning(const std::set<std::string>& threads);

// "assertion at scenarios/basic/lost_update.cpp:20 (thread inc1, step 3): ..."
std::string describe_violation(const Violation& v, const ExecutionRecord& record);

}  // namespace mmcheck
