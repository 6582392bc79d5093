#include "tools/regress_sweep.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "scenarios/hugetlb/mix_enumerate.hpp"
#include "tools/exit_codes.hpp"
#include "tools/sweep_pool.hpp"

namespace mmcheck {

using nlohmann::json;

namespace {

// The matrix row of one variant, as the expectation file writes it.
json row_of(const std::vector<SweepRecord>& records, const std::string& variant) {
  long mixes = 0, verified = 0, incomplete = 0;
  std::map<std::string, long> kinds;
  for (const SweepRecord& r : records) {
    if (r.variant != variant) continue;
    ++mixes;
    verified += r.verdict == Verdict::verified;
    incomplete += r.verdict == Verdict::incomplete;
    if (r.verdict == Verdict::violation) ++kinds[r.kind];
  }
  return json{{"mixes", mixes}, {"verified", verified}, {"incomplete", incomplete}, {"violations", kinds}};
}

}  // namespace

std::vector<JunitCase> check_regress_sweep(const std::string& expected_file, bool print) {
  std::ifstream in(expected_file);
  if (!in) throw UsageError{"cannot read the regress sweep's expectations " + expected_file};
  json spec;
  try {
    spec = json::parse(in);
  } catch (const json::exception& e) {
    throw UsageError{"the regress sweep's expectations " + expected_file + " are not JSON: " + e.what()};
  }
  const auto t0 = std::chrono::steady_clock::now();
  scenarios::hugetlb::SweepBounds b;
  std::vector<SweepTask> tasks;
  try {
    const json& bounds = spec.at("bounds");
    b.threads = bounds.at("threads").get<int>();
    b.ops_per_thread = bounds.at("ops_per_thread").get<int>();
    b.mms = bounds.at("mms").get<int>();
    b.ptrs = bounds.at("ptrs").get<int>();
    b.ops = scenarios::hugetlb::parse_op_list(bounds.at("ops").get<std::string>());
    for (const scenarios::hugetlb::Mix& m : scenarios::hugetlb::enumerate_mixes(b).mixes)
      for (const auto& [variant, row] : spec.at("expected").items())
        tasks.push_back(SweepTask{scenarios::hugetlb::to_text(m), variant});
  } catch (const std::exception& e) {
    throw UsageError{"the regress sweep's expectations " + expected_file + " are invalid: " + e.what()};
  }
  SweepRunOptions ro;
  ro.trace_dir = (std::filesystem::temp_directory_path() /
                  ("mmcheck-regress-sweep-" + std::to_string(getpid()))).string();
  std::vector<SweepRecord> records;
  run_sweep_pool(tasks, 1, ro, [&](const SweepRecord& r) { records.push_back(r); }, nullptr);
  std::error_code ec;
  std::filesystem::remove_all(ro.trace_dir, ec);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<JunitCase> cases;
  for (const auto& [variant, expected] : spec.at("expected").items()) {
    const json actual = row_of(records, variant);
    JunitCase c{"sweep", variant, seconds / static_cast<double>(spec.at("expected").size()), actual == expected, {}};
    if (!c.passed)
      c.failure = "sweep " + spec.at("bounds").dump() + " variant " + variant + ": expected " + expected.dump() +
                  ", actual " + actual.dump() + " (mmcheck sweep --json lists each mix)";
    if (print)
      std::printf("  %-26s %-10s %-16s %-16s %10ld %9.3fs  %s\n", "sweep (regress.json)", variant.c_str(),
                  "matrix", c.passed ? "same" : "differs", actual.at("mixes").get<long>(), c.time_s,
                  c.passed ? "ok" : "FAIL");
    cases.push_back(c);
  }
  return cases;
}

}  // namespace mmcheck
