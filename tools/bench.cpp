// mmcheck-bench: the exploration benchmarks with their figures. Each
// benchmark runs in a child process of its own, so its CPU time and peak
// memory are its own; with --baseline the same benchmark runs in a second
// binary (an older mmcheck-bench), the two alternating round by round so
// that a noisy machine slows both alike, and the ratio is printed. Usage:
// kUsage below (--help prints it).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "tools/bench_measure.hpp"
#include "checker/explore/strategies.hpp"

using namespace mmcheck;

namespace {

struct Benchmark {
  std::string scenario;
  long n = 0;
};

struct Args {
  StrategyOptions strategy;
  std::string baseline;
  int rounds = 0;  // 0: 1 alone, 3 with a baseline
  std::vector<Benchmark> runs;
};

constexpr const char* kUsage =
    "usage: mmcheck-bench [--strategy S] [--baseline PATH] [--rounds R] [SCENARIO=N ...]\n"
    "  SCENARIO=N       a benchmark to run, as many as wanted (default: lastzero=10..14,\n"
    "                   indexer=13..15, lockinc=6, readers=13)\n"
    "  --strategy S     the exploration strategy (default: dpor)\n"
    "  --baseline PATH  also run each benchmark in PATH (an older mmcheck-bench),\n"
    "                   alternating with this one, and print the ratios\n"
    "  --rounds R       runs per benchmark and binary; medians are printed\n"
    "                   (default: 1, or 3 with --baseline)\n"
    "Each benchmark runs in a child process of its own. Prints executions, abandoned\n"
    "executions, events, CPU seconds, events per CPU-second and peak RSS in MB.\n"
    "Exit 0; 1 if the two binaries' execution counts differ; 2 on bad input.\n";

[[noreturn]] void usage_error(const std::string& sentence) {
  std::fprintf(stderr, "mmcheck-bench: %s\n", sentence.c_str());
  std::exit(2);
}

long parse_long(const std::string& text, const std::string& what, long lo, long hi) {
  long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) {
    usage_error(what + " must be a whole number from " + std::to_string(lo) + " to " +
                std::to_string(hi) + ", got '" + text + "'");
  }
  return v;
}

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (a == "--strategy" && has_value) {
      args.strategy.name = argv[++i];
    } else if (a == "--baseline" && has_value) {
      args.baseline = argv[++i];
      if (access(args.baseline.c_str(), X_OK) != 0) {
        usage_error("--baseline " + args.baseline + " is not an executable file");
      }
    } else if (a == "--rounds" && has_value) {
      args.rounds = static_cast<int>(parse_long(argv[++i], "--rounds", 1, 1000));
    } else if (const auto eq = a.find('='); eq != std::string::npos && a[0] != '-') {
      args.runs.push_back({a.substr(0, eq), parse_long(a.substr(eq + 1), "N in " + a, 0, 1000000)});
    } else {
      usage_error("expected SCENARIO=N, --strategy S, --baseline PATH or --rounds R, got '" + a + "'");
    }
  }
  if (args.runs.empty()) {
    for (long n = 10; n <= 14; ++n) args.runs.push_back({"lastzero", n});
    for (long n = 13; n <= 15; ++n) args.runs.push_back({"indexer", n});
    args.runs.push_back({"lockinc", 6});
    args.runs.push_back({"readers", 13});
  }
  if (args.rounds == 0) args.rounds = args.baseline.empty() ? 1 : 3;
  for (const auto& b : args.runs) {
    const ScenarioSpec* spec = find_scenario(b.scenario);
    if (spec == nullptr) usage_error("unknown scenario '" + b.scenario + "'");
    // The scenario's own bounds (lastzero above 15 has more threads than
    // the runtime holds): the same check and sentence as `mmcheck run`.
    Params params;
    if (auto error = resolve_params(*spec, {"N=" + std::to_string(b.n)}, params))
      usage_error(*error);
  }
  if (!make_strategy(args.strategy)) usage_error("unknown strategy '" + args.strategy.name + "'");
  return args;
}

// The child: every benchmark in this process, one table row each. The
// header names the columns; bench_measure.cpp finds them by name.
int run_in_process(const Args& args) {
  std::printf("%-10s %3s %10s %10s %12s %12s %12s %9s %10s\n", "scenario", "N", "executions",
              "abandoned", "events", "events/s", "execs/s", "wall(s)", "maxrss(MB)");
  for (const auto& b : args.runs) {
    ScenarioConfig config{{{"N", b.n}}, "default"};
    auto s = make_strategy(args.strategy);
    const ScenarioSpec& spec = *find_scenario(b.scenario);
    const ExploreResult r = explore(spec, config, *s, options_for(spec));
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const double t = r.elapsed_s > 0 ? r.elapsed_s : 1e-9;
    std::printf("%-10s %3ld %10ld %10ld %12ld %12.0f %12.0f %9.3f %10.1f\n", b.scenario.c_str(), b.n,
                r.executions, r.abandoned, r.events, static_cast<double>(r.events) / t,
                static_cast<double>(r.executions + r.abandoned) / t, r.elapsed_s,
                static_cast<double>(ru.ru_maxrss) / 1024.0);
  }
  return 0;
}

std::string self_path() {
  std::string path(4096, '\0');
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
  if (n <= 0) usage_error("cannot find its own executable through /proc/self/exe");
  path.resize(static_cast<std::size_t>(n));
  return path;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

struct Series {
  std::vector<bench::Figures> rounds;
  double cpu() const {
    std::vector<double> v;
    for (const auto& f : rounds) v.push_back(f.cpu_s);
    return median(v);
  }
  double rss() const {
    std::vector<double> v;
    for (const auto& f : rounds) v.push_back(f.peak_rss_mb);
    return median(v);
  }
};

void print_row(const std::string& label, const char* binary, const Series& s) {
  const auto& f = s.rounds.front();
  const double cpu = s.cpu();
  std::printf("%-14s %-9s %10ld %10ld %12ld %9.3f %14.0f %11.1f\n", label.c_str(), binary,
              f.executions, f.abandoned, f.events, cpu,
              cpu > 0 ? static_cast<double>(f.events) / cpu : 0.0, s.rss());
}

void measure_round(const std::string& binary, const std::vector<std::string>& child_args,
                   const Benchmark& b, int round, Series& into) {
  std::string error;
  auto figures = bench::measure(binary, child_args, b.scenario, error);
  if (!figures) {
    std::fprintf(stderr, "mmcheck-bench: %s=%ld, round %d: %s\n", b.scenario.c_str(), b.n,
                 round + 1, error.c_str());
    std::exit(2);
  }
  into.rounds.push_back(*figures);
}

int run_children(const Args& args) {
  const std::string self = self_path();
  std::printf("%-14s %-9s %10s %10s %12s %9s %14s %11s\n", "benchmark", "binary", "executions",
              "abandoned", "events", "CPU s", "events/CPU-s", "peak RSS MB");
  bool counts_differ = false;
  for (const auto& b : args.runs) {
    const std::vector<std::string> child_args{"--strategy", args.strategy.name,
                                              b.scenario + "=" + std::to_string(b.n)};
    Series mine;
    Series base;
    for (int round = 0; round < args.rounds; ++round) {
      // Alternate which binary goes first, so a slow spell of the machine
      // does not always fall on the same one.
      const bool baseline_first = !args.baseline.empty() && round % 2 == 1;
      if (baseline_first) measure_round(args.baseline, child_args, b, round, base);
      measure_round(self, child_args, b, round, mine);
      if (!args.baseline.empty() && !baseline_first) {
        measure_round(args.baseline, child_args, b, round, base);
      }
    }
    const std::string label = b.scenario + "(" + std::to_string(b.n) + ")";
    print_row(label, "this", mine);
    if (args.baseline.empty()) continue;
    print_row(label, "baseline", base);
    const bool same = mine.rounds.front().executions == base.rounds.front().executions;
    counts_differ = counts_differ || !same;
    std::printf("%-14s %-9s CPU %.2fx, peak RSS %.2fx of the baseline%s\n", label.c_str(), "ratio",
                base.cpu() > 0 ? mine.cpu() / base.cpu() : 0.0,
                base.rss() > 0 ? mine.rss() / base.rss() : 0.0,
                same ? "" : "; the execution counts DIFFER");
  }
  std::printf("%d round(s) per binary; CPU s and peak RSS are medians; events/CPU-s uses the median CPU s\n",
              args.rounds);
  return counts_differ ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  if (std::getenv(bench::child_env) != nullptr) return run_in_process(args);
  return run_children(args);
}
