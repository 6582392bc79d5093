// A trace written with trace_json + write_json_atomically reads back with
// read_trace to the same schedule, events and verdict; the file is written
// whole (a temporary file, then rename) or not at all.
#include <gtest/gtest.h>

#include "support/scenario_kit.hpp"
#include "support/temp_dir.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

struct World {
  Shared<int> x{"x"};
  Mutex m{"m"};
};

ExploreResult violating_run() {
  auto spec = test_scenario<World>("roundtrip", [](World& s) {
    spawn("chooser", [&s] {
      Guard g(s.m);
      s.x.store(choose(3));
    });
    spawn("checker", [&s] { check(s.x.load() != 2, "checker saw 2"); });
  });
  DfsStrategy dfs;
  return explore(spec, ScenarioConfig{{{"N", 3}}, "default"}, dfs, {});
}

TEST(TraceRoundTrip, AWrittenTraceReadsBackWithTheSameScheduleEventsAndVerdict) {
  const ExploreResult result = violating_run();
  ASSERT_TRUE(result.violation);
  const json doc = trace_json(result, TraceOptions{"dfs", 500, 9});
  TempDir dir;
  const std::string path = dir.file("trace.json");
  write_json_atomically(path, doc);

  const TraceFile t = read_trace(path);
  EXPECT_EQ(t.scenario, "roundtrip");
  EXPECT_EQ(t.variant, "default");
  EXPECT_EQ(t.params, (Params{{"N", 3}}));
  EXPECT_EQ(t.checker_version, MMCHECK_VERSION);
  EXPECT_EQ(t.options.strategy, "dfs");
  EXPECT_EQ(t.options.max_steps, 500);
  EXPECT_EQ(t.options.seed, 9u);
  EXPECT_EQ(t.threads, (std::vector<std::string>{"chooser", "checker"}));
  EXPECT_EQ(t.verdict, verdict_json(*result.violation));
  EXPECT_EQ(t.verdict["kind"], "assertion");

  const auto& schedule = result.counterexample.schedule;
  ASSERT_EQ(t.schedule.size(), schedule.size());
  bool has_choice = false;
  for (std::size_t i = 0; i < schedule.size(); ++i) {
    EXPECT_EQ(t.schedule[i].thread, schedule[i].thread) << "step " << i;
    EXPECT_EQ(t.schedule[i].choice, schedule[i].choice) << "step " << i;
    has_choice = has_choice || schedule[i].choice == 2;
  }
  EXPECT_TRUE(has_choice) << "the counterexample chose 2; the schedule must say so";

  ASSERT_EQ(t.events.size(), result.counterexample.events.size());
  EXPECT_EQ(t.events, doc["events"]);
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    EXPECT_EQ(t.events[i]["step"], i);
    EXPECT_EQ(t.events[i]["thread"], schedule[i].thread);
  }
  EXPECT_EQ(json::parse(read_text(path)), doc);
}

TEST(TraceRoundTrip, EventsRecordObjectsValuesAndSourceLocations) {
  const ExploreResult result = violating_run();
  const json doc = trace_json(result, TraceOptions{"dfs", 500, 0});
  bool saw_store = false;
  for (const json& e : doc["events"]) {
    if (e["op"] != "store") continue;
    saw_store = true;
    EXPECT_EQ(e["object"], "x");
    EXPECT_EQ(e["value"], 2);
    EXPECT_EQ(e["location"]["file"], "tests/trace_roundtrip_test.cpp");
    EXPECT_GT(e["location"]["line"].get<int>(), 0);
  }
  EXPECT_TRUE(saw_store);
}

TEST(TraceRoundTrip, RewritingAFileReplacesItWholeAndLeavesNoTemporaryFile) {
  const json first = trace_json(violating_run(), TraceOptions{"dfs", 500, 1});
  json second = first;
  second["checker"]["seed"] = 2;
  TempDir dir;
  const std::string path = dir.file("trace.json");
  write_json_atomically(path, first);
  write_json_atomically(path, second);
  EXPECT_EQ(files_under(dir.path()), (std::set<std::string>{"trace.json"}));
  EXPECT_EQ(read_trace(path).options.seed, 2u);
}

TEST(TraceRoundTrip, MissingParentDirectoriesAreCreated) {
  TempDir dir;
  const std::string path = dir.file("a/b/trace.json");
  write_json_atomically(path, trace_json(violating_run(), TraceOptions{"dfs", 500, 0}));
  EXPECT_EQ(files_under(dir.path()), (std::set<std::string>{"a/b/trace.json"}));
}

TEST(TraceRoundTrip, AnUnwritablePathThrowsTraceErrorAndWritesNothing) {
  TempDir dir;
  write_text(dir.path() / "blocker", "a file, not a folder");
  const std::string path = dir.file("blocker/trace.json");
  try {
    write_json_atomically(path, trace_json(violating_run(), TraceOptions{"dfs", 500, 0}));
    FAIL() << "expected a TraceError";
  } catch (const TraceError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_EQ(files_under(dir.path()), (std::set<std::string>{"blocker"}));
}

}  // namespace
}  // namespace mmcheck::testing
