// Perfetto's trace-event importer draws the complete ("X") slices of one
// track as a stack: on one track two slices must nest or be disjoint. Lock
// holds of one thread do not always nest (a thread takes A, takes B,
// releases A, releases B), so they are spread over as few tracks per
// thread as keep each track's slices nested.
#pragma once

#include <vector>

namespace mmcheck {

struct Slice {
  long ts = 0;   // start
  long dur = 0;  // the slice covers [ts, ts + dur)
};

// The layer of each slice (0, 1, ...): slices given the same layer nest or
// are disjoint (one ending where the next starts counts as disjoint).
std::vector<int> nesting_layers(const std::vector<Slice>& slices);

// Whether the slices, all on one track, nest or are disjoint.
bool slices_nest(const std::vector<Slice>& slices);

}  // namespace mmcheck
