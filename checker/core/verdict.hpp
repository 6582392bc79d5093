// What an exploration concluded, and why it stopped early, as types: the
// words appear only where results leave the process (JSON, tables, JUnit).
#pragma once

#include <cstdint>
#include <optional>
#include <iosfwd>
#include <string_view>

namespace mmcheck {

enum class Verdict : std::uint8_t {
  verified,    // every behaviour within the bounds was explored, none violated
  violation,   // a violation was found
  incomplete,  // stopped before the exploration was complete, none found
};

// Why an exploration stopped before it was complete.
enum class StopReason : std::uint8_t {
  none,
  max_executions,    // --max-executions
  time_limit,        // --time-limit
  signal,            // SIGINT, SIGTERM or SIGHUP (tools/stop_signal.hpp)
  strategy,          // the strategy could not go on (its failure() says why)
  nondeterminism,    // the scenario proved not deterministic
  preemption_bound,  // dfs --preemption-bound cut off some schedules
};

std::string_view to_string(Verdict v);
std::string_view to_string(StopReason r);  // "" for none
std::optional<Verdict> verdict_from(std::string_view s);

// For test failure messages.
std::ostream& operator<<(std::ostream& os, Verdict v);
std::ostream& operator<<(std::ostream& os, StopReason r);

}  // namespace mmcheck
