// The happens-before graph as the dot view draws it: restricted to the
// steps it shows, and transitively reduced, so that an edge is drawn only
// when no other path orders its two steps.
#pragma once

#include <string>
#include <vector>

#include "traces/explain.hpp"

namespace mmcheck {

struct HbEdge {
  long from = -1;
  long to = -1;
  bool program_order = false;  // the two steps are one thread's
  std::string object;          // a direct conflict edge's object, else ""
  long skipped = 0;            // steps left out between the two (shown only)
};

// Graphs above this many steps are drawn unreduced: the reduction keeps a
// reachability bitset per shown step.
inline constexpr long kMaxReducedSteps = 8192;

// `edges` over steps 0..n-1 (each from < to), `shown[s]` the steps drawn
// and `thread[s]` each step's thread. Returns the edges between shown steps
// that the reduction keeps: u -> v when v is reachable from u through
// unshown steps only and through no other shown path; and each shown step's
// edge to the next shown step of its thread, so each thread stays a chain.
std::vector<HbEdge> reduced_edges(const std::vector<DependencyEdge>& edges, const std::vector<bool>& shown,
                                  const std::vector<int>& thread);

}  // namespace mmcheck
