#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "tools/cli_extension.hpp"
#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "tools/junit.hpp"
#include "tools/replay_check.hpp"
#include "tools/report.hpp"
#include "checker/explore/strategies.hpp"

namespace mmcheck {
namespace {

std::string expected_text(const Expectation& e) {
  if (!e.violation) return "verified";
  return e.kind ? std::string(to_string(*e.kind)) : "violation";
}

std::string actual_text(const ExploreResult& r) {
  if (r.violation) return std::string(to_string(r.violation->kind));
  return std::string(to_string(r.verdict()));
}

std::vector<std::string> golden_traces(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// Runs one scenario variant against its expectation.
JunitCase check_expectation(const ScenarioSpec& spec, const Expectation& expected,
                            nlohmann::json& json_line, bool print) {
  ScenarioConfig config;
  config.variant = expected.variant;
  resolve_params(spec, {}, config.params);
  const ExploreOptions options = options_for(spec);
  auto strategy = make_strategy(StrategyOptions{});
  const ExploreResult result = explore(spec, config, *strategy, options);
  const Judgement j = judge(expected, result);
  JunitCase c{spec.name, expected.variant, result.elapsed_s, j.met, {}};
  if (!j.met)
    c.failure = spec.name + " variant " + expected.variant + ": expected " +
                expected_text(expected) + ", actual " + actual_text(result) + " (" + j.why + ")";
  json_line = result_json(spec, result, std::nullopt);
  json_line["format"] = "mmcheck-regress-scenario";  // a run line, judged
  if (print)
    std::printf("  %-26s %-10s %-16s %-16s %10ld %9.3fs  %s\n", spec.name.c_str(),
                expected.variant.c_str(), expected_text(expected).c_str(),
                actual_text(result).c_str(), result.executions, result.elapsed_s,
                j.met ? "ok" : "FAIL");
  return c;
}

}  // namespace

int cmd_regress(const RegressArgs& args) {
  std::vector<JunitCase> cases;
  if (!args.json)
    std::printf("  %-26s %-10s %-16s %-16s %10s %10s\n", "scenario", "variant", "expected",
                "actual", "executions", "time");
  for (const ScenarioSpec* spec : all_scenarios()) {
    for (const Expectation& expected : spec->expectations) {
      nlohmann::json line;
      cases.push_back(check_expectation(*spec, expected, line, !args.json));
      if (args.json) std::cout << line.dump() << std::endl;
    }
  }
  // Checks the executable adds (the mmcheck tool: a small sweep of operation
  // mixes with its expected matrix, tools/sweep_extension.cpp).
  for (const CliExtension& extension : cli_extensions())
    if (extension.regress_checks)
      for (JunitCase& c : extension.regress_checks(args.golden_dir, args.json))
        cases.push_back(std::move(c));
  const std::vector<std::string> traces = golden_traces(args.golden_dir);
  if (traces.empty() && args.warn_without_golden)
    std::fprintf(stderr,
                 "mmcheck: warning: no golden traces in %s, so none were replayed (run regress "
                 "from a checkout's root, or give --golden DIR)\n",
                 args.golden_dir.c_str());
  if (!args.json && !traces.empty()) std::printf("\n  golden traces in %s\n", args.golden_dir.c_str());
  // A golden trace that cannot be used is bad input: it fails its case, is
  // named on stderr in one sentence, and makes regress exit 2 once every
  // other check has run.
  long unusable = 0;
  for (const std::string& path : traces) {
    const auto t0 = std::chrono::steady_clock::now();
    JunitCase c{"golden", std::filesystem::path(path).filename().string(), 0, false, {}};
    try {
      const ReplayOutcome outcome = replay_trace(path, std::nullopt);
      c.passed = outcome.reproduced;
      if (!c.passed) c.failure = outcome.summary;
    } catch (const UsageError& e) {
      c.failure = e.message;
      ++unusable;
      std::fprintf(stderr, "mmcheck: %s\n", e.message.c_str());
    } catch (const std::exception& e) {
      c.failure = "replay of " + path + " failed: " + e.what();
    }
    c.time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (args.json) {
      std::cout << nlohmann::json{{"format", "mmcheck-regress-golden"}, {"version", 1},
                                  {"golden", path}, {"reproduced", c.passed},
                                  {"failure", c.passed ? nlohmann::json(nullptr) : nlohmann::json(c.failure)}}
                       .dump()
                << std::endl;
    } else {
      std::printf("  %-60s %s\n", c.name.c_str(), c.passed ? "reproduced" : "FAIL");
    }
    cases.push_back(c);
  }

  const long failed = std::count_if(cases.begin(), cases.end(), [](const JunitCase& c) { return !c.passed; });
  if (!args.json) {
    for (const JunitCase& c : cases)
      if (!c.passed) std::printf("FAIL %s\n", c.failure.c_str());
    std::printf("regress: %ld passed, %ld failed\n", static_cast<long>(cases.size()) - failed, failed);
  }
  if (args.junit) {
    std::ofstream out(*args.junit, std::ios::trunc);
    if (!out) throw UsageError{"cannot write JUnit file " + *args.junit};
    out << junit_xml("mmcheck regress", cases);
  }
  if (unusable > 0) return kExitBadInput;
  return failed == 0 ? kExitOk : kExitViolation;
}

}  // namespace mmcheck
