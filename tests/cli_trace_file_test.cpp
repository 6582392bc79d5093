// The trace files `run` writes: valid against traces/schema.json, replayed
// exactly by `replay`, written whole, and checked event by event on replay.
#include <gtest/gtest.h>

#include "support/cli_kit.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kViolating = {"abba_deadlock", "freed_object", "lost_update",
                                             "plain_race", "rwsem_writer_waits",
                                             "unbounded_retry"};

TEST(CliTraceFile, EveryEmittedTraceValidatesAgainstTheSchema) {
  CliSandbox box;
  std::vector<std::string> traces;
  for (const std::string& s : kViolating) {
    ASSERT_EQ(box.run("run " + s).exit_code, 1) << s;
    traces.push_back(box.file("mmcheck-out/" + s + ".default.json"));
    ASSERT_TRUE(std::filesystem::exists(traces.back())) << traces.back();
  }
  EXPECT_EQ(schema_errors(traces), "");
}

TEST(CliTraceFile, TheSchemaCheckRejectsAnInvalidTrace) {
  // The validation above must be able to fail: an op the schema does not know.
  CliSandbox box;
  ASSERT_EQ(box.run("run lost_update").exit_code, 1);
  const std::string path = box.file("mmcheck-out/lost_update.default.json");
  json doc = json::parse(read_text(path));
  doc["events"][0]["op"] = "teleport";
  write_text(path, doc.dump(2));
  EXPECT_NE(schema_errors({path}).find("teleport"), std::string::npos);
}

class CliEmittedTrace : public ::testing::TestWithParam<std::string> {};

TEST_P(CliEmittedTrace, ReplaysExactly) {
  const std::string& scenario = GetParam();
  CliSandbox box;
  ASSERT_EQ(box.run("run " + scenario).exit_code, 1);
  const CliResult r = box.run("replay mmcheck-out/" + scenario + ".default.json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("reproduced"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

INSTANTIATE_TEST_SUITE_P(Cli, CliEmittedTrace, ::testing::ValuesIn(kViolating),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// Version 2 added each event's owner and a wake's granting step; a
// version-1 trace (the same trace without them) still replays and shows.
TEST(CliTraceFile, AVersionOneTraceStillReplaysAndShows) {
  CliSandbox box;
  // Its counterexample queues on i_mmap_rwsem and is woken.
  ASSERT_EQ(box.run("run migrate_anon_exit --variant after").exit_code, 1);
  const std::string path = box.file("mmcheck-out/migrate_anon_exit.after.json");
  json doc = json::parse(read_text(path));
  ASSERT_EQ(doc["version"], 2);
  long wakes = 0;
  for (json& e : doc["events"]) {
    if (e["op"] == "rwsem_wake") {
      ASSERT_TRUE(e.contains("value")) << e;
      ASSERT_LT(e["value"].get<long>(), e["step"].get<long>()) << e;
      e.erase("value");
      ++wakes;
    }
    e.erase("owner");
  }
  ASSERT_GT(wakes, 0) << "the scenario must queue on its rw_semaphore";
  doc["version"] = 1;
  write_text(box.file("v1.json"), doc.dump(2));
  const CliResult r = box.run("replay v1.json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("reproduced"), std::string::npos) << r.out;
  EXPECT_EQ(box.run("show v1.json").exit_code, 0);
  EXPECT_EQ(box.run("show v1.json --format dot").exit_code, 0);
  // Version 2's wake value is checked: it must name an earlier step.
  json bad = json::parse(read_text(path));
  for (json& e : bad["events"])
    if (e["op"] == "rwsem_wake") e["value"] = e["step"];
  write_text(box.file("bad.json"), bad.dump(2));
  const CliResult b = box.run("show bad.json");
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("granted the wake"), std::string::npos) << b.err;
}

TEST(CliTraceFile, AnEditedEventValueMakesReplayDivergeAtThatStep) {
  CliSandbox box;
  ASSERT_EQ(box.run("run lost_update").exit_code, 1);
  const std::string path = box.file("mmcheck-out/lost_update.default.json");
  json doc = json::parse(read_text(path));
  // Edit the last event that carries a value.
  long edited = -1;
  for (std::size_t i = 0; i < doc["events"].size(); ++i)
    if (doc["events"][i].contains("value")) edited = static_cast<long>(i);
  ASSERT_GE(edited, 0);
  doc["events"][edited]["value"] = doc["events"][edited]["value"].get<long>() + 40;
  write_text(path, doc.dump(2));
  const CliResult r = box.run("replay mmcheck-out/lost_update.default.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE((r.out + r.err).find("diverged at step " + std::to_string(edited)),
            std::string::npos)
      << r.out << r.err;
}

TEST(CliTraceFile, AnEditedScheduleThatRunsABlockedThreadSaysWhichLockAndHolder) {
  CliSandbox box;
  ASSERT_EQ(box.run("run abba_deadlock").exit_code, 1);
  const std::string path = box.file("mmcheck-out/abba_deadlock.default.json");
  json doc = json::parse(read_text(path));
  // A schedule of three steps: ab takes A, ab takes B, then ba, whose first
  // operation is lock(B), held by ab. The events are never reached.
  int ab = -1;
  int ba = -1;
  for (const json& t : doc["threads"]) (t["name"] == "ab" ? ab : ba) = t["id"];
  ASSERT_GE(ab, 0);
  ASSERT_GE(ba, 0);
  doc["schedule"] = json::array({json{{"thread", ab}}, json{{"thread", ab}}, json{{"thread", ba}}});
  json events = json::array();
  for (int i = 0; i < 3; ++i) {
    events.push_back(doc["events"][0]);
    events.back()["step"] = i;
  }
  doc["events"] = events;
  write_text(path, doc.dump(2));
  const CliResult r = box.run("replay mmcheck-out/abba_deadlock.default.json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string all = r.out + r.err;
  EXPECT_NE(all.find("step 2"), std::string::npos) << all;
  EXPECT_NE(all.find("lock(B)"), std::string::npos) << all;
  EXPECT_NE(all.find("held by ab since step 1"), std::string::npos) << all;
}

TEST(CliTraceFile, TraceFilesAreWrittenWholeWithNoTemporaryFilesLeft) {
  CliSandbox box;
  for (const char* s : {"abba_deadlock", "freed_object", "lost_update", "plain_race",
                        "rwsem_writer_waits", "unbounded_retry", "locked_counter"})
    box.run(std::string("run ") + s);
  // Running again overwrites the same files.
  box.run("run lost_update");
  const std::set<std::string> files = box.files();
  EXPECT_EQ(files.size(), 6u);
  for (const std::string& f : files) {
    EXPECT_EQ(f.rfind("mmcheck-out/", 0), 0u) << f;
    EXPECT_TRUE(f.ends_with(".default.json")) << f;
    EXPECT_EQ(f.find(".tmp"), std::string::npos) << f;
    const json doc = json::parse(read_text(box.work() / f), nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << f << " is not complete JSON";
    EXPECT_EQ(doc.value("format", ""), "mmcheck-trace") << f;
  }
}

TEST(CliTraceFile, TraceOutPutsTheTraceWhereAskedAndNowhereElse) {
  CliSandbox box;
  const CliResult r = box.run("run lost_update --trace-out found/cex.json --json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(json_line(r)["trace"], "found/cex.json");
  EXPECT_EQ(box.files(), (std::set<std::string>{"found/cex.json"}));
  EXPECT_EQ(box.run("replay found/cex.json").exit_code, 0);
}

TEST(CliTraceFile, WithoutJsonTheRunPrintsTheTracePath) {
  CliSandbox box;
  const CliResult r = box.run("run lost_update");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("mmcheck-out/lost_update.default.json"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mmcheck::testing
