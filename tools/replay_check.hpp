// Replays a trace file and compares what happened with what it records:
// the engine of `mmcheck replay` and of the golden-trace part of `regress`.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "checker/engine/explorer.hpp"

namespace mmcheck {

struct ReplayOutcome {
  bool reproduced = false;
  // One paragraph: what was reproduced, or where and how it diverged.
  std::string summary;
  nlohmann::json events;  // the replayed events, as a trace would store them
};

// Throws UsageError for a trace that cannot be used (unreadable, invalid,
// unknown scenario, variant or parameter).
ReplayOutcome replay_trace(const std::string& path, const std::optional<std::string>& variant);

}  // namespace mmcheck
