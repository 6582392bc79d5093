// What went wrong in an execution, in the kinds the command line reports.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "checker/ids.hpp"
#include "checker/source_loc.hpp"

namespace mmcheck {

enum class ViolationKind {
  assertion,
  invariant,
  deadlock,
  data_race,
  use_after_free,
  lock_order,
  step_bound,
  exception,
};

std::string_view to_string(ViolationKind k);
std::optional<ViolationKind> violation_kind_from(std::string_view s);

struct Violation {
  ViolationKind kind = ViolationKind::assertion;
  std::string message;
  ThreadId thread = kNoThread;  // kNoThread: found after all threads ended
  long step = -1;               // the step at which it was detected
  SourceLoc loc;
};

}  // namespace mmcheck
