// mmcheck sweep (issue 12; README "Sweeps"): every operation mix over the
// hugetlb model within bounds. Only the mmcheck tool has it: it is declared
// on the command line by tools/sweep_extension.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mmcheck {

// mmcheck sweep (issue 12): every operation mix within bounds.
struct SweepArgs {
  std::vector<std::string> variants;  // empty: before, patch1, after
  int threads = 3;
  int ops_per_thread = 1;
  int mms = 2;
  int ptrs = 2;
  std::string ops = "fault,exit,truncate,punch,memfail";
  int jobs = 1;
  std::optional<std::string> shard;   // "K/N"
  bool json = false;
  std::optional<std::string> resume;  // the journal
  std::string trace_dir = "mmcheck-out/sweep";
  double time_limit_s = 0;            // per mix and variant
  long list = 20;                     // violating mixes listed per variant (-1: all)
  std::optional<bool> progress;
};

struct SweepMergeArgs {
  std::vector<std::string> files;
  bool json = false;
  long list = 20;
};

int cmd_sweep(const SweepArgs& args);
int cmd_sweep_merge(const SweepMergeArgs& args);

}  // namespace mmcheck
