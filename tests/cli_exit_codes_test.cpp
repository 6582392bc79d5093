// Every exit code of the command line: 0 as expected, 1 a violation or a
// trace that does not reproduce, 2 bad input, 3 a bounded run that found
// nothing.
#include <gtest/gtest.h>

#include "support/cli_kit.hpp"

namespace mmcheck::testing {
namespace {

TEST(CliExitCode, ZeroWhenAScenarioVerifies) {
  CliSandbox box;
  const CliResult r = box.run("run locked_counter");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(box.files().empty()) << "no violation, so no trace file";
}

TEST(CliExitCode, ZeroWhenAReplayReproducesItsTrace) {
  CliSandbox box;
  ASSERT_EQ(box.run("run lost_update").exit_code, 1);
  const CliResult r = box.run("replay mmcheck-out/lost_update.default.json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(CliExitCode, OneWhenARunFindsAViolation) {
  CliSandbox box;
  const CliResult r = box.run("run lost_update");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(box.files(), (std::set<std::string>{"mmcheck-out/lost_update.default.json"}));
}

TEST(CliExitCode, OneWhenAnEditedTraceDoesNotReproduce) {
  CliSandbox box;
  ASSERT_EQ(box.run("run lost_update").exit_code, 1);
  const std::string path = box.file("mmcheck-out/lost_update.default.json");
  nlohmann::json doc = nlohmann::json::parse(read_text(path));
  doc["events"].back()["value"] = 99;
  write_text(path, doc.dump(2));
  const CliResult r = box.run("replay mmcheck-out/lost_update.default.json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
}

TEST(CliExitCode, TwoOnBadInput) {
  CliSandbox box;
  EXPECT_EQ(box.run("run no_such_scenario").exit_code, 2);
  EXPECT_EQ(box.run("replay missing.json").exit_code, 2);
  EXPECT_EQ(box.run("").exit_code, 2);  // no subcommand
}

TEST(CliExitCode, ThreeWhenABoundStopsARunThatFoundNothing) {
  CliSandbox box;
  const CliResult r = box.run("run locked_counter --param N=4 --max-executions 2 --json");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const nlohmann::json j = json_line(r);
  EXPECT_EQ(j["verdict"], "incomplete") << r.out;
  EXPECT_EQ(j["complete"], false);
  EXPECT_EQ(j["executions"], 2);
  EXPECT_TRUE(j["violation"].is_null());
  EXPECT_TRUE(box.files().empty());
}

TEST(CliExitCode, OneWinsOverThreeWhenABoundedRunFindsAViolation) {
  CliSandbox box;
  const CliResult r = box.run("run lost_update --max-executions 5 --json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(json_line(r)["verdict"], "violation");
}

}  // namespace
}  // namespace mmcheck::testing
