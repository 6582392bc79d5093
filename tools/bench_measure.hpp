// Measuring one benchmark in a child process, so that its CPU time and peak
// memory are its own: a process's peak RSS only grows, so benchmarks run one
// after another in one process would report the largest so far.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mmcheck::bench {

struct Figures {
  long executions = 0;
  long abandoned = 0;
  long events = 0;
  double cpu_s = 0;      // user + system of the child
  double peak_rss_mb = 0;
};

// Runs `binary ARGS...` with MMCHECK_BENCH_CHILD=1 in its environment and
// reads the table row of `scenario` from its stdout. The row layout is found
// from the header line, so a baseline binary built before the `events`
// column existed still works (its events are events/s times wall seconds).
// On failure returns nullopt and sets `error` to one sentence.
std::optional<Figures> measure(const std::string& binary, const std::vector<std::string>& args,
                               const std::string& scenario, std::string& error);

// The environment variable that tells mmcheck-bench to run its one benchmark
// in-process instead of spawning a child.
inline constexpr const char* child_env = "MMCHECK_BENCH_CHILD";

}  // namespace mmcheck::bench
