// Identifiers shared by every part of the checker.
#pragma once

#include <cstdint>
#include <limits>

namespace mmcheck {

// A scenario thread, numbered in creation order from 0.
using ThreadId = int;
// An instrumented object, numbered in construction order within one execution.
using ObjectId = int;

inline constexpr ObjectId kNoObject = -1;
inline constexpr ThreadId kNoThread = -1;

// Vector clocks and enabled sets are fixed-size bitsets and arrays, so that a
// step never allocates; scenarios with more threads are rejected clearly.
inline constexpr int kMaxThreads = 16;

using ThreadMask = std::uint32_t;
static_assert(kMaxThreads <= std::numeric_limits<ThreadMask>::digits);

inline constexpr ThreadMask bit(ThreadId t) { return ThreadMask{1} << t; }

}  // namespace mmcheck
