// mmcheck regress and the trace views (issue 6): a changed expectation makes
// regress fail, naming it; the JUnit file has one test case per scenario
// variant; the Perfetto export has a track per thread and lock-hold slices;
// show names the seed race's racing pair.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "checker/sync/api.hpp"
#include "checker/explore/dfs.hpp"
#include "checker/explore/random_walk.hpp"
#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "support/temp_dir.hpp"
#include "tools/commands.hpp"
#include "tools/junit.hpp"
#include "tools/minimize.hpp"
#include "tools/show.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck::testing {
namespace {

// lost_update's program, declared (wrongly) to verify: what a changed
// expectation looks like to regress.
class WrongExpectation : public ScenarioInstance {
 public:
  explicit WrongExpectation(const ScenarioConfig&) {}
  void start() override {
    spawn("a", [this] { x_.store(x_.load() + 1); });
    spawn("b", [this] { x_.store(x_.load() + 1); });
  }
  void finish() override { check(x_.peek() == 2, "lost update"); }

 private:
  Shared<int> x_{"x", 0};
};

const bool probe_registered = register_scenario(ScenarioSpec{
    .name = "zz_probe_changed_expectation",
    .summary = "lost_update declared as verified",
    .expectations = {{.variant = "default", .violation = false}},
    .make = make_instance<WrongExpectation>(),
});

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Regress, FailsAndNamesTheScenarioWhoseExpectationChanged) {
  ASSERT_TRUE(probe_registered);
  TempDir dir;
  RegressArgs args;
  args.golden_dir = dir.path().string();  // no golden traces: scenarios only
  args.junit = dir.file("regress.xml");
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const int code = cmd_regress(args);
  const std::string out = ::testing::internal::GetCapturedStdout();
  const std::string err = ::testing::internal::GetCapturedStderr();
  // A folder without golden traces is said, not passed over in silence.
  EXPECT_NE(err.find("warning: no golden traces in " + dir.path().string()), std::string::npos)
      << err;
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("zz_probe_changed_expectation variant default: expected verified, "
                     "actual assertion"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("1 failed"), std::string::npos) << out;

  // The JUnit file parses as XML with one test case per scenario variant.
  std::size_t expectations = 0;
  for (const ScenarioSpec* s : all_scenarios()) expectations += s->expectations.size();
  const std::string count = dir.file("count");
  const std::string cmd =
      "/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; "
      "cases = E.parse(sys.argv[1]).getroot().iter(\"testcase\"); "
      "print(sum(1 for c in cases if c.get(\"classname\") != \"golden\"))' " +
      *args.junit + " > " + count;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "the JUnit file is not well-formed XML";
  EXPECT_EQ(std::stoul(read_file(count)), expectations);
  EXPECT_NE(read_file(*args.junit).find("<failure message=\"zz_probe_changed_expectation"),
            std::string::npos);
}

TEST(Junit, AFailureMessageKeepsItsNewlinesInTheAttribute) {
  // A parser normalises a raw newline in an attribute to a space, so a
  // multi-line failure would arrive on one line in a CI system's report.
  const std::string x = junit_xml("s", {{.classname = "c", .name = "n", .passed = false,
                                          .failure = "line one\nline\ttwo"}});
  const auto attr = x.find("message=\"");
  ASSERT_NE(attr, std::string::npos) << x;
  const std::string value = x.substr(attr, x.find('"', attr + 9) - attr);
  EXPECT_EQ(value, "message=\"line one&#10;line&#9;two") << x;
  // The element's text keeps the newline as it is.
  EXPECT_NE(x.find(">line one\nline\ttwo</failure>"), std::string::npos) << x;
}

TEST(MinimalCounterexample, AShrunkTraceHasFewerPreemptionsAndTheSameKind) {
  const ScenarioSpec* spec = find_scenario("zz_probe_changed_expectation");
  ASSERT_NE(spec, nullptr);
  ScenarioConfig config;
  config.variant = "default";
  ExploreOptions options;
  options.max_steps = 100;
  bool shrunk = false;
  // A random walk finds the lost update, sometimes with 2 preemptions
  // (a b a b); the bounded search must bring it down to 1.
  for (std::uint64_t seed = 1; seed <= 500 && !shrunk; ++seed) {
    RandomStrategy random(seed);
    options.max_executions = 50;
    const ExploreResult r = explore(*spec, config, random, options);
    if (!r.violation || r.counterexample.preemptions < 2) continue;
    const auto m = fewer_preemptions(*spec, config, options, r);
    ASSERT_TRUE(m.has_value()) << "seed " << seed;
    EXPECT_EQ(m->record.preemptions, 1);
    ASSERT_TRUE(m->record.violation.has_value());
    EXPECT_EQ(m->record.violation->kind, ViolationKind::assertion);
    shrunk = true;
  }
  EXPECT_TRUE(shrunk) << "no random run had 2 preemptions to shrink";
}

nlohmann::json seed_race_trace() {
  const ScenarioSpec* spec = find_scenario("pmd_share_truncate");
  EXPECT_NE(spec, nullptr);
  ScenarioConfig config;
  config.variant = "before";
  resolve_params(*spec, {}, config.params);
  auto strategy = std::make_unique<DfsStrategy>();
  ExploreOptions options;
  options.max_steps = 10000;
  const ExploreResult r = explore(*spec, config, *strategy, options);
  EXPECT_TRUE(r.violation);
  return trace_json(r, TraceOptions{"dfs", options.max_steps, 0});
}

TEST(ShowPerfetto, HasATrackPerThreadAndLockHoldsAsDurationSlices) {
  const nlohmann::json trace = seed_race_trace();
  const nlohmann::json doc = nlohmann::json::parse(show_perfetto(trace).dump());
  ASSERT_TRUE(doc.contains("traceEvents"));
  ASSERT_TRUE(doc["traceEvents"].is_array());
  std::set<int> named_tracks;
  std::set<int> tracks_with_events;
  bool rwsem_slice = false;
  for (const auto& e : doc["traceEvents"]) {
    const std::string ph = e.value("ph", "");
    if (ph == "M" && e.value("name", "") == "thread_name") named_tracks.insert(e["tid"].get<int>());
    if ((ph == "i" || ph == "X") && e.contains("tid")) tracks_with_events.insert(e["tid"].get<int>());
    if (ph == "X" && e.value("cat", "") == "lock") {
      EXPECT_GT(e["dur"].get<long>(), 0);
      if (e.value("name", "").find("mapping.i_mmap_rwsem") != std::string::npos) rwsem_slice = true;
    }
  }
  const int threads = static_cast<int>(trace["threads"].size());
  ASSERT_GE(threads, 2);
  for (int t = 0; t < threads; ++t) {
    EXPECT_TRUE(named_tracks.count(t)) << "thread " << t << " has no named track";
    EXPECT_TRUE(tracks_with_events.count(t)) << "thread " << t << " has no events on its track";
  }
  EXPECT_TRUE(rwsem_slice) << "no duration slice for a hold of mapping.i_mmap_rwsem";
}

TEST(ShowText, NamesTheSeedRacesPudClearBetweenTheFaultsLookupAndItsWrite) {
  std::ifstream in(MMCHECK_SOURCE_DIR "/traces/golden/pmd_share_truncate.before.json");
  ASSERT_TRUE(in) << "golden trace missing";
  const nlohmann::json golden = nlohmann::json::parse(in);
  EXPECT_LE(golden["preemptions"].get<int>(), 2);
  const std::string text = show_text(golden);
  EXPECT_NE(text.find("* truncate's store mmF.pud"), std::string::npos) << text;
  EXPECT_NE(text.find("came between fault's load mmF.pud"), std::string::npos) << text;
}

}  // namespace
}  // namespace mmcheck::testing
