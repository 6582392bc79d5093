// Signals during `mmcheck run` (issue 13): SIGINT, SIGTERM and SIGHUP stop
// the exploration at the next execution boundary; the summary is printed
// with verdict `incomplete` and stopped_by "signal", and the run exits 3. A
// second signal ends it at once (128 + the signal). A trace being written
// when the process is signalled or killed appears whole or not at all, and
// no temporary file is left.
#include <gtest/gtest.h>

#include <csignal>

#include "support/cli_kit.hpp"
#include "support/process_kit.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

struct SignalCase {
  int signo;
  const char* name;
};

class CliStopSignal : public ::testing::TestWithParam<SignalCase> {};

// random never runs out of executions: only the signal ends this run.
const std::vector<std::string> kEndless = {"run", "locked_counter", "--strategy", "random",
                                           "--progress"};

TEST_P(CliStopSignal, StopsAtAnExecutionBoundaryAndReportsJson) {
  CliSandbox box;
  std::vector<std::string> args = kEndless;
  args.push_back("--json");
  ChildProcess child(box.work().string(), args, {}, box.file("../out"), box.file("../err"));
  ASSERT_TRUE(child.wait_for_stderr("executions")) << "the run never showed progress";
  child.signal(GetParam().signo);
  EXPECT_EQ(child.wait_for_exit(), 3) << child.err();
  const json line = json::parse(child.out(), nullptr, false);
  ASSERT_TRUE(line.is_object()) << child.out();
  EXPECT_EQ(line["verdict"], "incomplete");
  EXPECT_EQ(line["stopped_by"], "signal");
  EXPECT_EQ(line["complete"], false);
  EXPECT_GT(line["executions"].get<long>(), 0);
  EXPECT_TRUE(box.files().empty()) << "no file written";
}

TEST_P(CliStopSignal, StopsAndPrintsTheTable) {
  CliSandbox box;
  ChildProcess child(box.work().string(), kEndless, {}, box.file("../out"), box.file("../err"));
  ASSERT_TRUE(child.wait_for_stderr("executions"));
  child.signal(GetParam().signo);
  EXPECT_EQ(child.wait_for_exit(), 3) << child.err();
  const std::string out = child.out();
  EXPECT_NE(out.find("incomplete"), std::string::npos) << out;
  EXPECT_NE(out.find("incomplete, stopped by signal"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(Signals, CliStopSignal,
                         ::testing::Values(SignalCase{SIGINT, "SIGINT"},
                                           SignalCase{SIGTERM, "SIGTERM"},
                                           SignalCase{SIGHUP, "SIGHUP"}),
                         [](const auto& info) { return std::string(info.param.name); });

// The test hook MMCHECK_TEST_STOPS_IN_WRITE=N makes mmcheck stop itself N
// times with the trace's text written but not yet in place.
std::vector<std::string> trace_write_env(int stops) {
  return {"MMCHECK_TEST_STOPS_IN_WRITE=" + std::to_string(stops)};
}
const std::vector<std::string> kFindsAViolation = {"run", "lost_update", "--trace-out", "t.json"};

TEST(CliSignalsAndWrites, AKillDuringATraceWriteLeavesNoFile) {
  CliSandbox box;
  ChildProcess child(box.work().string(), kFindsAViolation, trace_write_env(1),
                     box.file("../out"), box.file("../err"));
  ASSERT_TRUE(child.wait_until_stopped()) << child.err();
  const std::set<std::string> during = box.files();
  child.signal(SIGKILL);
  EXPECT_EQ(child.wait_for_exit(), 256 + SIGKILL);
  EXPECT_EQ(box.files().count("t.json"), 0u) << "no half-written trace";
  if (during.empty()) {
    // The file system has unnamed files (O_TMPFILE): nothing ever had a name.
    EXPECT_TRUE(box.files().empty());
  } else {
    // The named fallback: the stale temporary is removed by the next write.
    ASSERT_EQ(during.size(), 1u);
    EXPECT_EQ(during.begin()->rfind("t.json.tmp.", 0), 0u) << *during.begin();
    EXPECT_EQ(box.run("run lost_update --trace-out t.json").exit_code, 1);
    EXPECT_EQ(box.files(), std::set<std::string>{"t.json"});
  }
}

TEST(CliSignalsAndWrites, ASignalDuringATraceWriteLetsItFinish) {
  CliSandbox box;
  ChildProcess child(box.work().string(), kFindsAViolation, trace_write_env(1),
                     box.file("../out"), box.file("../err"));
  ASSERT_TRUE(child.wait_until_stopped()) << child.err();
  child.signal(SIGTERM);
  child.signal(SIGCONT);
  EXPECT_EQ(child.wait_for_exit(), 1) << "the violation was found: " << child.err();
  EXPECT_EQ(box.files(), std::set<std::string>{"t.json"});
  EXPECT_EQ(box.run("replay t.json").exit_code, 0) << "the trace is whole";
}

TEST(CliSignalsAndWrites, ASecondSignalExitsAtOnceAndRemovesTheTemporaryFile) {
  CliSandbox box;
  ChildProcess child(box.work().string(), kFindsAViolation, trace_write_env(2),
                     box.file("../out"), box.file("../err"));
  ASSERT_TRUE(child.wait_until_stopped()) << child.err();
  child.signal(SIGINT);  // the first: a stop request
  child.signal(SIGCONT);
  ASSERT_TRUE(child.wait_until_stopped()) << child.err();
  child.signal(SIGINT);  // the second: out at once
  child.signal(SIGCONT);
  EXPECT_EQ(child.wait_for_exit(), 128 + SIGINT);
  EXPECT_TRUE(box.files().empty()) << "neither the trace nor its temporary file";
}

}  // namespace
}  // namespace mmcheck::testing
