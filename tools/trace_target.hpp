// Finds what a trace file refers to (scenario, variant, parameters), or
// says clearly why it cannot.
#pragma once

#include <optional>
#include <string>

#include "checker/engine/scenario.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck {

struct TraceTarget {
  const ScenarioSpec* spec = nullptr;
  ScenarioConfig config;
};

// Reads the trace; a TraceError becomes a UsageError (exit 2).
TraceFile read_trace_or_usage_error(const std::string& path);

// Throws UsageError when the scenario, variant or a parameter is unknown.
TraceTarget resolve_trace_target(const TraceFile& trace, const std::string& path,
                                 const std::optional<std::string>& variant);

}  // namespace mmcheck
