// Explains a counterexample from its events: which pairs of conflicting
// events, in the order the trace ran them, let the violation happen. Also
// the dependency edges (the happens-before of the execution as a
// Mazurkiewicz trace) that the graph view draws.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mmcheck {

// Two events on one object, at least one a write, from different threads.
struct ConflictPair {
  long first = -1;   // step of the violating thread's earlier access
  long second = -1;  // step of the other thread's conflicting access
  std::string object;
  std::string text;  // "truncate's store mmF.pud (step 12) came between ..."
};

// The pairs that explain the violation: the violating thread accessed an
// object, another thread then changed it (or read what it was about to
// change) before the violation, and the violating thread went on as if
// nothing happened. Nearest to the violation first; at most `limit`.
std::vector<ConflictPair> explain_violation(const nlohmann::json& trace, std::size_t limit = 3);

struct DependencyEdge {
  long from = -1;
  long to = -1;
  bool program_order = false;  // else: a conflict (or lock) order between threads
  std::string object;          // the object of a conflict order
};

// The happens-before of the trace's execution as direct edges, from the
// checker's own relation (checker/core/dependence.hpp): program order, each
// event's latest dependent event in every other thread, spawn, join and
// rw_semaphore wake-up edges. Two accesses that commute for DPOR (two
// down_reads of one semaphore) get no edge between them.
std::vector<DependencyEdge> dependency_edges(const nlohmann::json& events);

// "truncate" for thread 1, from the trace's thread table.
std::string thread_label(const nlohmann::json& trace, int thread);

}  // namespace mmcheck
