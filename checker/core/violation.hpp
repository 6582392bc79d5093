// What went wrong in an execution, in the kinds the command line reports.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/core/ids.hpp"
#include "checker/core/source_loc.hpp"

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

// Where a lock dependency was first seen (lock_order reports).
struct LockWitness {
  std::string from;  // the class held
  std::string to;    // the class taken while holding it
  bool from_read = false;
  bool to_read = false;
  std::string thread;
  long execution = 0;   // 1-based, within the exploration
  long held_step = -1;  // when the outer lock was taken
  SourceLoc held_loc;
  long step = -1;  // when the inner lock was taken
  SourceLoc loc;
};

struct Violation {
  ViolationKind kind = ViolationKind::assertion;
  std::string message;
  ThreadId thread = kNoThread;  // kNoThread: found after all threads ended
  long step = -1;               // the step at which it was detected
  SourceLoc loc;
  // lock_order: the dependency chain, the new edge last.
  std::vector<LockWitness> chain;
};

}  // namespace mmcheck
