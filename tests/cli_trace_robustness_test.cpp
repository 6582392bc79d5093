// The trace reader under malformed input (issue 13): each reproducer found
// by fuzzing the reader and mutating golden traces through the command line
// gets exit 2 from `replay`, `show` in every format and `regress --golden`,
// and one sentence on stderr that names the file and what is wrong: the
// field and its value. None may abort, crash, hang or grow without bound.
#include <gtest/gtest.h>

#include "support/cli_kit.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

// A valid trace of lost_update (threads inc0 and inc1), as a document.
const json& valid_trace() {
  static const json doc = [] {
    CliSandbox src;
    EXPECT_EQ(src.run("run lost_update").exit_code, 1);
    return json::parse(read_text(src.work() / "mmcheck-out/lost_update.default.json"));
  }();
  return doc;
}

const std::vector<std::string> kReaders = {"replay", "show", "show --format text",
                                           "show --format perfetto", "show --format dot"};

// Every reader refuses `file` with exit 2 and one line naming it and `part`.
void expect_every_reader_refuses(const CliSandbox& box, const std::string& file,
                                 const std::string& part) {
  for (const std::string& reader : kReaders) {
    const CliResult r = box.run(reader + " " + file);
    EXPECT_EQ(r.exit_code, 2) << "mmcheck " << reader << " " << file << "\n" << r.err;
    const auto lines = r.err_lines();
    ASSERT_EQ(lines.size(), 1u) << "mmcheck " << reader << ": stderr must be one line:\n" << r.err;
    EXPECT_NE(lines[0].find(file), std::string::npos) << "names the file: " << lines[0];
    EXPECT_NE(lines[0].find(part), std::string::npos)
        << "mmcheck " << reader << ": expected '" << part << "' in: " << lines[0];
    EXPECT_EQ(r.out, "") << "mmcheck " << reader;
  }
}

void expect_refused_doc(const json& doc, const std::string& part) {
  CliSandbox box;
  write_text(box.file("bad.json"), doc.dump(2));
  expect_every_reader_refuses(box, "bad.json", part);
}

TEST(TraceRobustness, ANumberBeyondTheDoubleRangeIsRefused) {
  CliSandbox box;
  write_text(box.file("big.json"), R"({"format":"mmcheck-trace","version":1e999})");
  expect_every_reader_refuses(box, "big.json", "number overflow parsing '1e999'");
}

TEST(TraceRobustness, AnEventStepThatIsNotItsPositionIsRefused) {
  json doc = valid_trace();
  doc["events"][1]["step"] = 1000000000000LL;  // once an index out of bounds
  expect_refused_doc(doc, "events[1].step is 1000000000000");
  doc = valid_trace();
  doc["events"][1]["step"] = 3;
  expect_refused_doc(doc, "events[1].step is 3; the events must be numbered 0, 1, 2");
}

// Fields the views read with a type in mind: each of the wrong type once
// passed the reader and then threw inside `show`.
TEST(TraceRobustness, FieldsTheViewsReadAreTypeChecked) {
  json doc = valid_trace();
  doc["preemptions"] = "many";
  expect_refused_doc(doc, "'preemptions' of type number");
  doc = valid_trace();
  doc["events"][0]["object"] = 7;
  expect_refused_doc(doc, "events[0] needs a field 'object' of type string");
  doc = valid_trace();
  doc["events"][0]["value"] = "zero";
  expect_refused_doc(doc, "events[0] needs a field 'value' of type number");
  doc = valid_trace();
  doc["events"][0]["ok"] = 1;
  expect_refused_doc(doc, "events[0] needs a field 'ok' of type boolean");
  doc = valid_trace();
  doc["events"][0]["op"] = "teleport";
  expect_refused_doc(doc, "events[0].op is \"teleport\", which is not an operation");
  doc = valid_trace();
  doc["verdict"]["location"]["line"] = "twenty";
  expect_refused_doc(doc, "verdict.location needs a field 'line' of type number");
  doc = valid_trace();
  doc["verdict"]["kind"] = "oops";
  expect_refused_doc(doc, "verdict.kind is \"oops\", which is not a violation kind");
  doc = valid_trace();
  doc["threads"][0]["name"] = 3;
  expect_refused_doc(doc, "threads[0] needs a field 'name' of type string");
}

TEST(TraceRobustness, AChainThatIsNotAListIsRefusedByReplayShowAndRegress) {
  json doc = valid_trace();
  doc["verdict"]["chain"] = 5;
  expect_refused_doc(doc, "verdict needs a field 'chain' of type array");

  // regress goes on with the other golden traces, fails the bad one, exits 2.
  CliSandbox box;
  std::filesystem::create_directory(box.work() / "golden");
  write_text(box.work() / "golden" / "bad.json", doc.dump(2));
  write_text(box.work() / "golden" / "good.json", valid_trace().dump(2));
  const CliResult r = box.run("regress --golden golden --json");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("golden/bad.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'chain' of type array"), std::string::npos) << r.err;
  bool good_reproduced = false, bad_failed = false;
  for (const std::string& line : r.out_lines()) {
    const json j = json::parse(line, nullptr, false);
    if (!j.contains("golden")) continue;
    const std::string g = j["golden"];
    if (g.find("good.json") != std::string::npos) good_reproduced = j["reproduced"] == true;
    if (g.find("bad.json") != std::string::npos) bad_failed = j["reproduced"] == false;
  }
  EXPECT_TRUE(good_reproduced) << r.out;
  EXPECT_TRUE(bad_failed) << r.out;
}

// Without --golden, regress replays traces/golden under the current
// directory (nothing fixed at build time).
TEST(CliTraceRobustness, RegressFindsTracesGoldenFromWhereItRuns) {
  CliSandbox box;
  std::filesystem::create_directories(box.work() / "traces" / "golden");
  write_text(box.work() / "traces" / "golden" / "good.json", valid_trace().dump(2));
  const CliResult r = box.run("regress --json");
  EXPECT_EQ(r.err.find("no golden traces"), std::string::npos) << r.err;
  bool replayed = false;
  for (const std::string& line : r.out_lines()) {
    const json j = json::parse(line, nullptr, false);
    if (j.contains("golden") && j["golden"].get<std::string>().find("traces/golden/good.json") !=
                                    std::string::npos)
      replayed = j["reproduced"] == true;
  }
  EXPECT_TRUE(replayed) << r.out;
}

TEST(TraceRobustness, AVerdictNestedDeeplyIsRefused) {
  CliSandbox box;
  std::string deep = valid_trace().dump();
  const std::string nested = std::string(100000, '[') + std::string(100000, ']');
  const auto at = deep.find("\"verdict\":");
  ASSERT_NE(at, std::string::npos);
  deep.insert(at + 10, "{\"x\":" + nested + "},\"old_verdict\":");
  write_text(box.file("deep.json"), deep);
  expect_every_reader_refuses(box, "deep.json", "nests more than 32 levels deep");
}

TEST(TraceRobustness, EmptyEventsAndScheduleAreRefusedOrDrawn) {
  json doc = valid_trace();
  doc["events"] = json::array();
  doc["schedule"] = json::array();
  // As found: the verdict still points into the events that are gone.
  const std::string step = std::to_string(doc["verdict"]["step"].get<long>());
  expect_refused_doc(doc, "verdict.step is " + step + "; the trace has 0 events");
  // Made consistent, it is a trace of nothing: shown, and not reproduced.
  doc["verdict"]["step"] = 0;
  doc["verdict"]["thread"] = -1;
  CliSandbox box;
  write_text(box.file("empty.json"), doc.dump(2));
  for (const char* reader : {"show", "show --format perfetto", "show --format dot"}) {
    const CliResult r = box.run(reader + std::string(" empty.json"));
    EXPECT_EQ(r.exit_code, 0) << reader << ": " << r.err;
  }
  const CliResult r = box.run("replay empty.json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
}

TEST(TraceRobustness, AThreadOutsideTheThreadsTableIsRefused) {
  json doc = valid_trace();
  doc["events"][0]["thread"] = 2147483647;  // once 60 s and 5.6 GB in show
  expect_refused_doc(doc, "events[0].thread is 2147483647; the trace has 2 threads, so it "
                          "must be from 0 to 1");
  doc = valid_trace();
  doc["verdict"]["thread"] = 2;
  expect_refused_doc(doc, "verdict.thread is 2; the trace has 2 threads, so it must be -1 or");
}

TEST(TraceRobustness, AScheduleThreadIsRangeCheckedNotTruncated) {
  json doc = valid_trace();
  doc["schedule"][0]["thread"] = 4294967296LL;  // once read as 0: "reproduced"
  expect_refused_doc(doc, "schedule[0].thread is 4294967296");
  doc = valid_trace();
  doc["schedule"][0]["thread"] = -1;
  expect_refused_doc(doc, "schedule[0].thread is -1");
  doc = valid_trace();
  doc["schedule"][0]["choice"] = 4294967296LL;
  expect_refused_doc(doc, "schedule[0].choice is 4294967296");
  doc = valid_trace();
  doc["checker"]["seed"] = -1;
  expect_refused_doc(doc, "checker.seed is -1");
  doc = valid_trace();
  doc["checker"]["max_steps"] = 0;
  expect_refused_doc(doc, "checker.max_steps is 0");
}

TEST(TraceRobustness, ADirectoryIsRefused) {
  CliSandbox box;
  std::filesystem::create_directory(box.work() / "adir");
  expect_every_reader_refuses(box, "adir", "it is a directory");
}

TEST(TraceRobustness, TheThreadsTableIsChecked) {
  json doc = valid_trace();
  doc["threads"][1]["id"] = 5;
  expect_refused_doc(doc, "threads[1].id is 5; the threads must be numbered 0, 1, 2");
  doc = valid_trace();
  doc["threads"].erase(1);  // events of thread 1 remain
  expect_refused_doc(doc, "the trace has 1 thread, so it must be from 0 to 0");
  doc = valid_trace();
  for (int i = 0; i < 17; ++i) doc["threads"].push_back(json{{"id", i + 2}, {"name", "x"}});
  expect_refused_doc(doc, "threads has 19 entries; mmcheck runs at most 16 threads");
  // A renamed thread is well formed but is not what ran: not reproduced.
  doc = valid_trace();
  doc["threads"][1]["name"] = "impostor";
  CliSandbox box;
  write_text(box.file("renamed.json"), doc.dump(2));
  const CliResult r = box.run("replay renamed.json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("the trace names thread 1 'impostor', the replay ran 'inc1'"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace mmcheck::testing
