// dpor_soak SEEDS [FIRST [plain|sync|await]]: the differential test (dpor
// against dfs on random programs) over many more seeds than ctest runs;
// `plain` takes programs of loads, stores, adds and branches only, `sync`
// programs made mostly of locks, rw_semaphores, trylocks, compare-and-swap
// and awaits, `await` programs of awaits that become enabled and disabled
// again (dpor_random_program.hpp). Not part of ctest.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "dpor_differential.hpp"

int main(int argc, char** argv) {
  const long seeds = argc > 1 ? std::atol(argv[1]) : 100000;
  const long first = argc > 2 ? std::atol(argv[2]) : 1000000;
  using mmcheck::testing::ProgramShape;
  auto shape = ProgramShape::mixed;
  if (argc > 3) {
    if (std::strcmp(argv[3], "plain") == 0) {
      shape = ProgramShape::plain_memory;
    } else if (std::strcmp(argv[3], "sync") == 0) {
      shape = ProgramShape::synchronisation;
    } else if (std::strcmp(argv[3], "await") == 0) {
      shape = ProgramShape::awaits;
    } else {
      std::fprintf(stderr,
                   "dpor_soak: unknown program shape '%s' (want plain, sync or await)\n",
                   argv[3]);
      return 2;
    }
  }
  long compared = 0, skipped = 0, failed = 0, dfs = 0, dpor = 0, abandoned = 0, redundant = 0,
       skips = 0;
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
    skips += d.skipped_reversals_checked;
    if (!d.same) {
      ++failed;
      std::printf("FAIL %s\n", d.why.c_str());
    }
  }
  std::printf(
      "compared %ld programs (%ld skipped), %ld failed; executions dfs %ld, dpor %ld (%ld "
      "repeating a trace, and %ld abandoned); %ld skipped reversals checked\n",
      compared, skipped, failed, dfs, dpor, redundant, abandoned, skips);
  return failed == 0 ? 0 : 1;
}
