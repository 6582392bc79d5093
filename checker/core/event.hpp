// One visible operation, as it was executed: the unit of a trace.
//
// The event log of an execution is the single source for the JSON trace,
// replay, race detection and partial-order reduction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "checker/core/ids.hpp"
#include "checker/core/source_loc.hpp"

namespace mmcheck {

enum class OpKind : std::uint8_t {
  load,
  store,
  rmw,       // read-modify-write: value = old, value2 = new
  cas,       // compare-and-swap: value = old, value2 = new, ok = swapped
  lock,      // mutex or spinlock
  trylock,   // ok = acquired
  unlock,
  down_read,   // ok = acquired now; otherwise the thread queued
  down_write,  // ok = acquired now; otherwise the thread queued
  rwsem_wake,  // a queued rwsem request was granted and the thread resumes
  up_read,
  up_write,
  down_read_trylock,
  down_write_trylock,
  downgrade_write,
  ref_get,  // value = new count
  ref_put,  // value = new count
  ref_read,
  alloc,
  free,
  use,
  choose,  // value = the choice, value2 = number of options
  await,
  spawn,  // value = the child thread
  join,   // value = the joined thread
  start,  // first step of a thread spawned by another thread
};

// What each kind is and does: op_table.hpp.
std::string_view to_string(OpKind k);
std::optional<OpKind> op_kind_from(std::string_view name);

struct Event {
  long step = 0;
  ThreadId thread = kNoThread;
  OpKind kind = OpKind::load;
  bool ok = true;
  ObjectId object = kNoObject;
  // The Lifetime `object` lives in (kNoObject: none, or it is one), taken
  // when the step ran: the object may be gone when the event is analysed.
  ObjectId owner = kNoObject;
  std::int64_t value = 0;
  std::int64_t value2 = 0;
  SourceLoc loc;
};

// A value model code names because it matters to a reader of the trace
// (a fault's ptep): not a step, so it changes no interleaving; it stands
// beside its thread's latest step (-1: before the thread's first).
struct Note {
  long step = -1;
  ThreadId thread = kNoThread;
  std::string name;
  std::string value;
};

// Whether the trace records value / value2 / ok for this kind of event.
bool has_value(OpKind k);
bool has_value2(OpKind k);
bool has_ok(OpKind k);

}  // namespace mmcheck
