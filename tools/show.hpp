// The views of `mmcheck show`: text columns, Perfetto (Chrome trace event
// JSON) and the happens-before graph for Graphviz.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mmcheck {

struct ShowOptions {
  bool relevant = false;  // only relevant_steps(), elided runs summarised
  bool source = true;     // each step's function and file:line (text)
};

std::string show_text(const nlohmann::json& trace, const ShowOptions& options = {});
nlohmann::json show_perfetto(const nlohmann::json& trace);
std::string show_dot(const nlohmann::json& trace, const ShowOptions& options = {});

// A lock hold found in the events: [from, to] steps by one thread.
struct LockHold {
  int thread = 0;
  std::string lock;
  std::string mode;  // "lock", "read" or "write"
  long from = 0;
  long to = -1;  // -1: still held when the trace ends
};
std::vector<LockHold> lock_holds(const nlohmann::json& events);

// "load counter = 0", "down_write mapping.i_mmap_rwsem (queued)".
std::string event_text(const nlohmann::json& e);

}  // namespace mmcheck
