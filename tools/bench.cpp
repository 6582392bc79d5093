// mmcheck-bench: the DPOR benchmarks with their figures - executions,
// abandoned (sleep-set blocked) executions, events/s, executions/s, wall
// time and peak memory. Usage: mmcheck-bench [--strategy S] [SCENARIO=N ...]
// (default: lastzero 10..14, indexer 13..15, lockinc 6, readers 13).
#include <sys/resource.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "checker/explorer.hpp"
#include "checker/scenario.hpp"
#include "tools/strategies.hpp"

using namespace mmcheck;

int main(int argc, char** argv) {
  StrategyOptions strategy;
  std::vector<std::pair<std::string, long>> runs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--strategy" && i + 1 < argc) {
      strategy.name = argv[++i];
      continue;
    }
    const auto eq = a.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "mmcheck-bench: expected SCENARIO=N, got '%s'\n", a.c_str());
      return 2;
    }
    runs.emplace_back(a.substr(0, eq), std::stol(a.substr(eq + 1)));
  }
  if (runs.empty()) {
    for (long n = 10; n <= 14; ++n) runs.emplace_back("lastzero", n);
    for (long n = 13; n <= 15; ++n) runs.emplace_back("indexer", n);
    runs.emplace_back("lockinc", 6);
    runs.emplace_back("readers", 13);
  }
  std::printf("%-10s %3s %10s %10s %12s %12s %9s %10s\n", "scenario", "N", "executions",
              "abandoned", "events/s", "execs/s", "wall(s)", "maxrss(MB)");
  for (const auto& [name, n] : runs) {
    const ScenarioSpec* spec = find_scenario(name);
    if (spec == nullptr) {
      std::fprintf(stderr, "mmcheck-bench: unknown scenario '%s'\n", name.c_str());
      return 2;
    }
    ScenarioConfig config{{{"N", n}}, "default"};
    auto s = make_strategy(strategy);
    if (!s) {
      std::fprintf(stderr, "mmcheck-bench: unknown strategy '%s'\n", strategy.name.c_str());
      return 2;
    }
    const ExploreResult r = explore(*spec, config, *s, ExploreOptions{});
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const double t = r.elapsed_s > 0 ? r.elapsed_s : 1e-9;
    std::printf("%-10s %3ld %10ld %10ld %12.0f %12.0f %9.3f %10.1f\n", name.c_str(), n,
                r.executions, r.abandoned, static_cast<double>(r.events) / t,
                static_cast<double>(r.executions + r.abandoned) / t, r.elapsed_s,
                static_cast<double>(ru.ru_maxrss) / 1024.0);
  }
  return 0;
}
