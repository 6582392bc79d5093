// The happens-before of one recorded execution as direct edges, for the
// views and explanations: program order; for each event, the latest event
// of every other thread it depends on (access.hpp's dependent(), the
// relation DPOR explores with); spawn -> the child's first event; the
// joined thread's last event -> join; and the release that granted a
// queued rw_semaphore request -> its rwsem_wake (with every read-side
// release since the semaphore's last write, as DporHb::add_enabler orders
// it: read releases commute, so which came last does not matter).
//
// Its transitive closure is DporHb's happens-before on the same events
// (tests/dependence_test.cpp checks this on random programs), so the graph
// a user reads orders exactly the pairs DPOR does not reorder.
#pragma once

#include <span>
#include <vector>

#include "checker/core/event.hpp"
#include "checker/core/ids.hpp"

namespace mmcheck {

struct HappensBeforeEdge {
  enum class Why : std::uint8_t { program_order, conflict, spawn, join, wake };
  long from = -1;
  long to = -1;
  Why why = Why::program_order;
  ObjectId object = kNoObject;  // conflict: the object the two depend on
};

// `events[i].step` must be i; object and owner ids index one table. A
// rwsem_wake's value is its granting step (version-1 traces have none: a
// value outside [0, i) adds no wake edge).
std::vector<HappensBeforeEdge> happens_before_edges(std::span<const Event> events);

}  // namespace mmcheck
