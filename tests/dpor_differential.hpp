// Runs one random program under dfs and under dpor, both past violations,
// and compares what they saw: the Mazurkiewicz traces of complete
// executions (trace_recorder.hpp), their final states and the kinds of
// violation. dpor must see exactly what dfs sees, in no more complete
// executions; how many of its complete executions repeat a trace is
// counted (optimality), not required to be zero.
#pragma once

#include <cstdint>
#include <string>

#include "dpor_random_program.hpp"

namespace mmcheck::testing {

struct Differential {
  bool skipped = false;  // dfs hit its execution bound: nothing to compare
  bool same = true;
  std::string why;       // when not the same: what differs, and the program
  long dfs_executions = 0;
  long dpor_executions = 0;
  long dpor_abandoned = 0;
  long dpor_redundant = 0;  // complete executions of a trace already explored
  long traces = 0;          // distinct traces of complete executions (dfs)
  // Reversals dpor skipped as still covered, each made anyway and found
  // covered (DporStrategy::check_skipped_reversals).
  long skipped_reversals_checked = 0;
};

Differential run_differential(std::uint64_t seed, long max_dfs_executions = 20000,
                              ProgramShape shape = ProgramShape::mixed);

}  // namespace mmcheck::testing
