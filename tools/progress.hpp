// Progress of long runs on a terminal: one line on stderr, rewritten in place.
#pragma once

#include <cstdio>
#include <unistd.h>

#include "checker/engine/explorer.hpp"

namespace mmcheck {

inline bool progress_wanted(std::optional<bool> flag) {
  if (flag) return *flag;
  return isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
}

inline void print_progress(const std::string& label, const Progress& p) {
  const double rate = p.elapsed_s > 0 ? p.executions / p.elapsed_s : 0;
  std::fprintf(stderr, "\r\033[K%s: %ld executions (%.0f/s), %ld events, depth %ld, %.1fs",
               label.c_str(), p.executions, rate, p.events, p.depth, p.elapsed_s);
  // An estimate only once it means something (DFS: the share of the tree).
  if (p.fraction_done > 0.001 && p.fraction_done < 1) {
    const double left = p.elapsed_s * (1 - p.fraction_done) / p.fraction_done;
    std::fprintf(stderr, ", ~%.0f%% done, ~%.0fs left", 100 * p.fraction_done, left);
  }
  std::fflush(stderr);
}

inline void clear_progress() {
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

}  // namespace mmcheck
