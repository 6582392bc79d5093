// The events of a trace as the checker's own Events, so that explanations
// and views ask the checker (access.hpp, op_table.hpp, dependence.hpp) what
// an operation reads, writes, locks or owns, instead of reading op names.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checker/core/event.hpp"

namespace mmcheck {

struct TraceEvents {
  std::vector<Event> events;         // events[i].step == i
  std::vector<std::string> objects;  // object and owner ids -> names
  const std::string& name(ObjectId id) const;  // "" for kNoObject
};

// `events` as read_trace() checked them (each an object with step, thread
// and a known op). Objects are numbered by name, in order of appearance.
TraceEvents parse_events(const nlohmann::json& events);

}  // namespace mmcheck
