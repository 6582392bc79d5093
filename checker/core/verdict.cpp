#include "checker/core/verdict.hpp"

#include <array>
#include <ostream>

namespace mmcheck {
namespace {

constexpr std::array<std::string_view, 3> kVerdicts = {"verified", "violation", "incomplete"};
constexpr std::array<std::string_view, 7> kStopReasons = {
    "", "max-executions", "time-limit", "signal", "strategy", "nondeterminism", "preemption-bound"};
static_assert(kStopReasons.size() == static_cast<std::size_t>(StopReason::preemption_bound) + 1);

}  // namespace

std::string_view to_string(Verdict v) { return kVerdicts[static_cast<std::size_t>(v)]; }
std::string_view to_string(StopReason r) { return kStopReasons[static_cast<std::size_t>(r)]; }

std::ostream& operator<<(std::ostream& os, Verdict v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, StopReason r) { return os << to_string(r); }

std::optional<Verdict> verdict_from(std::string_view s) {
  for (std::size_t i = 0; i < kVerdicts.size(); ++i)
    if (kVerdicts[i] == s) return static_cast<Verdict>(i);
  return std::nullopt;
}

}  // namespace mmcheck
