// dpor_soak SEEDS [FIRST [plain]]: the differential test (dpor against dfs
// on random programs) over many more seeds than ctest runs; `plain` takes
// programs of loads, stores, adds and branches only. Not part of ctest.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "dpor_differential.hpp"

int main(int argc, char** argv) {
  const long seeds = argc > 1 ? std::atol(argv[1]) : 100000;
  const long first = argc > 2 ? std::atol(argv[2]) : 1000000;
  const bool plain = argc > 3 && std::strcmp(argv[3], "plain") == 0;
  if (argc > 3 && !plain) {
    std::fprintf(stderr, "dpor_soak: unknown program shape '%s' (want 'plain')\n", argv[3]);
    return 2;
  }
  const auto shape =
      plain ? mmcheck::testing::ProgramShape::plain_memory : mmcheck::testing::ProgramShape::mixed;
  long compared = 0, skipped = 0, failed = 0, dfs = 0, dpor = 0, abandoned = 0, redundant = 0;
  for (long s = first; s < first + seeds; ++s) {
    const auto d = mmcheck::testing::run_differential(static_cast<std::uint64_t>(s), 20000, shape);
    if (d.skipped) {
      ++skipped;
      continue;
    }
    ++compared;
    dfs += d.dfs_executions;
    dpor += d.dpor_executions;
    abandoned += d.dpor_abandoned;
    redundant += d.dpor_redundant;
    if (!d.same) {
      ++failed;
      std::printf("FAIL %s\n", d.why.c_str());
    }
  }
  std::printf(
      "compared %ld programs (%ld skipped), %ld failed; executions dfs %ld, dpor %ld (%ld "
      "repeating a trace, and %ld abandoned)\n",
      compared, skipped, failed, dfs, dpor, redundant, abandoned);
  return failed == 0 ? 0 : 1;
}
