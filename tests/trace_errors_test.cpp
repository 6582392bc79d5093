// read_trace refuses a file it cannot use with a TraceError that names the
// file and the first problem found.
#include <gtest/gtest.h>

#include <cctype>

#include "support/scenario_kit.hpp"
#include "support/temp_dir.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

struct World {
  Shared<int> x{"x"};
};

// A valid trace document: two threads, four steps, an assertion.
json valid_trace() {
  auto spec = test_scenario<World>(
      "errors",
      [](World& s) {
        spawn("a", [&s] { s.x.store(s.x.load() + 1); });
        spawn("b", [&s] { s.x.store(s.x.load() + 1); });
      },
      [](World& s) { check(s.x.peek() == 2, "lost"); });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_TRUE(r.violation);
  return trace_json(r, TraceOptions{"dfs", 100, 0});
}

// Writes `text` to a file, reads it as a trace, and returns the error.
std::string error_for_text(const TempDir& dir, const std::string& text) {
  const std::string path = dir.file("bad.json");
  write_text(path, text);
  try {
    read_trace(path);
  } catch (const TraceError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << "the error must name the file: " << what;
    return what;
  }
  ADD_FAILURE() << "read_trace accepted:\n" << text.substr(0, 400);
  return "";
}

std::string error_for(const TempDir& dir, const json& doc) {
  return error_for_text(dir, doc.dump(2));
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(TraceErrors, TheValidTraceItselfIsAccepted) {
  TempDir dir;
  const std::string path = dir.file("good.json");
  write_text(path, valid_trace().dump(2));
  EXPECT_NO_THROW(read_trace(path));
}

TEST(TraceErrors, AMissingFileIsRefused) {
  TempDir dir;
  const std::string path = dir.file("nowhere.json");
  try {
    read_trace(path);
    FAIL() << "expected a TraceError";
  } catch (const TraceError& e) {
    EXPECT_TRUE(contains(e.what(), path)) << e.what();
    EXPECT_TRUE(contains(e.what(), "cannot read")) << e.what();
  }
}

TEST(TraceErrors, TextThatIsNotJsonIsRefused) {
  TempDir dir;
  EXPECT_TRUE(contains(error_for_text(dir, "this is not json"), "not valid JSON"));
}

TEST(TraceErrors, AnEmptyFileIsRefused) {
  TempDir dir;
  EXPECT_TRUE(contains(error_for_text(dir, ""), "not valid JSON"));
}

TEST(TraceErrors, ATruncatedFileIsRefused) {
  TempDir dir;
  const std::string text = valid_trace().dump(2);
  EXPECT_TRUE(contains(error_for_text(dir, text.substr(0, text.size() / 2)), "not valid JSON"));
}

TEST(TraceErrors, AWrongFormatIsRefused) {
  TempDir dir;
  json doc = valid_trace();
  doc["format"] = "some-other-trace";
  EXPECT_TRUE(contains(error_for(dir, doc), "not an mmcheck trace"));
  doc.erase("format");
  EXPECT_TRUE(contains(error_for(dir, doc), "not an mmcheck trace"));
  EXPECT_TRUE(contains(error_for(dir, json::array({1, 2})), "not an mmcheck trace"));
}

TEST(TraceErrors, AnotherVersionIsRefused) {
  TempDir dir;
  json doc = valid_trace();
  doc["version"] = 3;
  EXPECT_TRUE(contains(error_for(dir, doc), "has version 3; this mmcheck reads versions 1 to 2"));
  doc["version"] = 0;
  EXPECT_TRUE(contains(error_for(dir, doc), "has version 0"));
  doc["version"] = "1";
  EXPECT_TRUE(contains(error_for(dir, doc), "'version'"));
}

// A wake's value names the earlier step that granted it; the first step
// has none.
TEST(TraceErrors, AWakeGrantedByNoEarlierStepIsRefused) {
  TempDir dir;
  json doc = valid_trace();
  doc["events"][0]["op"] = "rwsem_wake";
  doc["events"][0].erase("ok");
  doc["events"][0]["value"] = 0;
  EXPECT_TRUE(contains(error_for(dir, doc), "events[0] is a rwsem_wake with a value"))
      << error_for(dir, doc);
}

// Notes (what model code named, beside a step) are checked like events.
TEST(TraceErrors, ANoteBesideNoStepIsRefused) {
  TempDir dir;
  json doc = valid_trace();
  doc["notes"] = json::array({json{{"step", 0}, {"thread", 0}, {"name", "ptep"}, {"value", "p"}}});
  write_text(dir.file("ok.json"), doc.dump());
  EXPECT_NO_THROW(read_trace(dir.file("ok.json")));
  doc["notes"][0]["step"] = 1000000;
  EXPECT_TRUE(contains(error_for(dir, doc), "notes[0].step is 1000000")) << error_for(dir, doc);
  doc["notes"][0]["step"] = 0;
  doc["notes"][0]["thread"] = 7;
  EXPECT_TRUE(contains(error_for(dir, doc), "notes[0].thread is 7")) << error_for(dir, doc);
  doc["notes"][0]["thread"] = 0;
  doc["notes"][0]["value"] = 3;
  EXPECT_TRUE(contains(error_for(dir, doc), "value")) << error_for(dir, doc);
}

TEST(TraceErrors, FieldsOfTheWrongTypeAreRefused) {
  TempDir dir;
  json doc = valid_trace();
  doc["scenario"] = 5;
  EXPECT_TRUE(contains(error_for(dir, doc), "'scenario' of type string"));
  doc = valid_trace();
  doc["params"] = json{{"N", "three"}};
  EXPECT_TRUE(contains(error_for(dir, doc), "parameter N is not an integer"));
  doc = valid_trace();
  doc["schedule"][0]["choice"] = "one";
  EXPECT_TRUE(contains(error_for(dir, doc), "schedule[0] needs a field 'choice' of type number"));
  doc = valid_trace();
  doc["schedule"][1] = 1;
  EXPECT_TRUE(contains(error_for(dir, doc), "schedule[1] must be an object, not 1"));
}

TEST(TraceErrors, ScheduleAndEventsOfDifferentLengthsAreRefused) {
  TempDir dir;
  json doc = valid_trace();
  ASSERT_EQ(doc["events"].size(), 4u);
  doc["events"].erase(3);
  EXPECT_TRUE(contains(error_for(dir, doc), "4 schedule entries but 3 events"));
  doc = valid_trace();
  doc["schedule"].push_back(json{{"thread", 0}});
  EXPECT_TRUE(contains(error_for(dir, doc), "5 schedule entries but 4 events"));
}

// Every field replay needs, removed one at a time: (JSON pointer, the name
// the error must mention).
struct MissingField {
  std::string pointer;
  std::string name;
};

void PrintTo(const MissingField& f, std::ostream* os) { *os << f.pointer; }

class TraceMissingField : public ::testing::TestWithParam<MissingField> {};

TEST_P(TraceMissingField, IsRefusedNamingTheField) {
  TempDir dir;
  json doc = valid_trace();
  const json::json_pointer ptr(GetParam().pointer);
  ASSERT_TRUE(doc.contains(ptr)) << GetParam().pointer;
  doc[ptr.parent_pointer()].erase(ptr.back());
  const std::string error = error_for(dir, doc);
  EXPECT_TRUE(contains(error, "'" + GetParam().name + "'")) << error;
}

INSTANTIATE_TEST_SUITE_P(
    TraceErrors, TraceMissingField,
    ::testing::Values(MissingField{"/version", "version"}, MissingField{"/scenario", "scenario"},
                      MissingField{"/variant", "variant"}, MissingField{"/params", "params"},
                      MissingField{"/checker", "checker"},
                      MissingField{"/checker/version", "version"},
                      MissingField{"/checker/strategy", "strategy"},
                      MissingField{"/checker/max_steps", "max_steps"},
                      MissingField{"/checker/seed", "seed"}, MissingField{"/verdict", "verdict"},
                      MissingField{"/threads", "threads"},
                      MissingField{"/threads/0/name", "name"},
                      MissingField{"/schedule", "schedule"},
                      MissingField{"/schedule/0/thread", "thread"},
                      MissingField{"/events", "events"}),
    [](const ::testing::TestParamInfo<MissingField>& info) {
      std::string name;
      for (char c : info.param.pointer) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return "Without" + name;
    });

}  // namespace
}  // namespace mmcheck::testing
