// Every basic scenario ends with the verdict it declares, through the
// command line: `run S --json` reports it, calls it expected, and writes a
// trace exactly when there is a violation.
#include <gtest/gtest.h>

#include "support/cli_kit.hpp"

namespace mmcheck::testing {
namespace {

struct Expected {
  std::string scenario;
  std::string kind;  // "" for verified
};

void PrintTo(const Expected& e, std::ostream* os) {
  *os << e.scenario << " -> " << (e.kind.empty() ? "verified" : e.kind);
}

class CliBasicScenario : public ::testing::TestWithParam<Expected> {};

TEST_P(CliBasicScenario, EndsWithItsExpectedVerdict) {
  const Expected& want = GetParam();
  CliSandbox box;
  const CliResult r = box.run("run " + want.scenario + " --json");
  const nlohmann::json j = json_line(r);
  ASSERT_TRUE(j.is_object() && j.contains("verdict")) << r.out << r.err;
  EXPECT_EQ(j["scenario"], want.scenario);
  EXPECT_EQ(j["variant"], "default");
  EXPECT_EQ(j["expected"], true) << r.out;
  const std::string trace = "mmcheck-out/" + want.scenario + ".default.json";
  if (want.kind.empty()) {
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(j["verdict"], "verified") << r.out;
    EXPECT_EQ(j["complete"], true);
    EXPECT_TRUE(j["violation"].is_null());
    EXPECT_TRUE(j["trace"].is_null());
    EXPECT_TRUE(box.files().empty());
    for (const auto& [point, reached] : j["coverage"].items())
      EXPECT_GT(reached.get<long>(), 0) << "coverage point " << point << " never reached";
  } else {
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_EQ(j["verdict"], "violation") << r.out;
    ASSERT_TRUE(j["violation"].is_object()) << r.out;
    EXPECT_EQ(j["violation"]["kind"], want.kind) << r.out;
    EXPECT_EQ(j["trace"], trace);
    EXPECT_EQ(box.files(), (std::set<std::string>{trace}));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliBasicScenario,
    ::testing::Values(Expected{"abba_deadlock", "deadlock"},
                      Expected{"freed_object", "use_after_free"}, Expected{"locked_counter", ""},
                      Expected{"lost_update", "assertion"}, Expected{"plain_race", "data_race"},
                      Expected{"rwsem_readers", ""}, Expected{"rwsem_writer_waits", "deadlock"},
                      Expected{"unbounded_retry", "step_bound"}),
    [](const ::testing::TestParamInfo<Expected>& info) { return info.param.scenario; });

TEST(CliBasicScenarios, TheListNamesEveryBasicScenario) {
  CliSandbox box;
  const CliResult r = box.run("list --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> names;
  for (const std::string& line : r.out_lines()) names.insert(nlohmann::json::parse(line)["name"]);
  for (const char* s : {"abba_deadlock", "freed_object", "locked_counter", "lost_update",
                        "plain_race", "rwsem_readers", "rwsem_writer_waits", "unbounded_retry"})
    EXPECT_TRUE(names.count(s)) << s << " is not listed";
}

}  // namespace
}  // namespace mmcheck::testing
