// Every operation mix within bounds: the enumeration `mmcheck sweep` runs.
// Deterministic (the same bounds give the same mixes in the same order, so
// shards of one sweep agree), with the initial worlds enumerated too.
//
// Reduction: threads are a multiset (spawn order is not part of a mix's
// meaning: the exploration covers every interleaving); mms are not renamed
// (canonical(), mix.cpp, says why). Pruning: mixes that
// cannot run (why_cannot_run) are dropped. Both are checked against the
// unreduced enumeration by tests/mix_sweep_test.cpp.
#pragma once

#include <string>
#include <vector>

#include "scenarios/hugetlb/mix.hpp"

namespace mmcheck::scenarios::hugetlb {

struct SweepBounds {
  int threads = 3;         // up to this many threads (from 1)
  int ops_per_thread = 1;  // up to this many operations per thread (from 1)
  int mms = 2;             // exactly this many mms
  int ptrs = 2;            // PTRS_PER_PMD
  std::vector<MixOpKind> ops{MixOpKind::fault, MixOpKind::exit, MixOpKind::truncate,
                             MixOpKind::punch, MixOpKind::memfail};
};

// "fault,exit,..." -> kinds; throws MixError naming an unknown one.
std::vector<MixOpKind> parse_op_list(const std::string& list);
std::string op_list_text(const std::vector<MixOpKind>& ops);
// Throws MixError when a bound is out of range.
void check_bounds(const SweepBounds& b);

struct Enumeration {
  std::vector<Mix> mixes;  // smallest first: operations, then threads, then text
  long candidates = 0;     // mixes generated before reduction and pruning
  long pruned = 0;         // could not run
  long duplicates = 0;     // equal to a kept mix up to symmetry
};

// reduce = false: every ordered tuple of threads over every world, pruning
// only mixes that cannot run (the reference the reduction is tested against).
Enumeration enumerate_mixes(const SweepBounds& b, bool reduce = true);

}  // namespace mmcheck::scenarios::hugetlb
