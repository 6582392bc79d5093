// `mmcheck run --checkpoint FILE` and `--resume FILE` (issue 13): a run
// killed with SIGKILL at an arbitrary moment goes on from its last
// checkpoint, and the resumed run reports what an uninterrupted run does
// (the same execution count and verdict). A checkpoint that is corrupt, of
// another run or of another checker version is refused with exit 2 and one
// sentence naming the file.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/cli_kit.hpp"
#include "support/process_kit.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// The checkpoint file's checksum (tools/checkpoint_file.cpp): FNV-1a 64 of
// the object without it, so that a test can change a field and keep the
// file otherwise valid.
std::string checksum_of(const json& j) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : j.dump()) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void rewrite_with(const std::string& path, const std::string& key, const json& value) {
  json j = json::parse(slurp(path));
  j.erase("checksum");
  j[key] = value;
  j["checksum"] = checksum_of(j);
  spit(path, j.dump());
}

struct KillCase {
  const char* name;
  std::vector<std::string> run;  // the run's arguments, without --json
};

class CliCheckpointKill : public ::testing::TestWithParam<KillCase> {};

TEST_P(CliCheckpointKill, AKilledRunResumedCountsWhatAnUninterruptedRunDoes) {
  CliSandbox box;
  std::string args;
  for (const std::string& a : GetParam().run) args += " " + a;
  const CliResult whole = box.run(args + " --json");
  const json expected = json::parse(whole.out, nullptr, false);
  ASSERT_TRUE(expected.is_object()) << whole.out << whole.err;
  ASSERT_EQ(expected["complete"], true) << whole.out;

  // Checkpoints at every execution boundary: the kill lands anywhere.
  std::vector<std::string> killed = GetParam().run;
  for (const char* a : {"--json", "--checkpoint", "cp.json", "--checkpoint-every", "0"})
    killed.push_back(a);
  ChildProcess child(box.work().string(), killed, {}, box.file("../out"), box.file("../err"));
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(50);
  while (!std::filesystem::exists(box.file("cp.json")) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  child.signal(SIGKILL);
  ASSERT_EQ(child.wait_for_exit(), 256 + SIGKILL) << "the run ended before the kill: " << child.out();
  ASSERT_TRUE(std::filesystem::exists(box.file("cp.json")));
  const json cp = json::parse(slurp(box.file("cp.json")), nullptr, false);
  ASSERT_TRUE(cp.is_object()) << "a checkpoint is whole, even when killed";
  const long at = cp["executions"].get<long>();
  EXPECT_LT(at, expected["executions"].get<long>()) << "killed mid-way";

  const CliResult resumed = box.run(args + " --json --resume cp.json");
  const json got = json::parse(resumed.out, nullptr, false);
  ASSERT_TRUE(got.is_object()) << resumed.out << resumed.err;
  EXPECT_EQ(resumed.exit_code, whole.exit_code) << resumed.err;
  EXPECT_EQ(got["executions"], expected["executions"]) << "resumed after " << at;
  EXPECT_EQ(got["abandoned"], expected["abandoned"]);
  EXPECT_EQ(got["events"], expected["events"]);
  EXPECT_EQ(got["verdict"], expected["verdict"]);
  EXPECT_EQ(got["complete"], true);
  EXPECT_FALSE(std::filesystem::exists(box.file("cp.json"))) << "a finished run removes it";
}

INSTANTIATE_TEST_SUITE_P(
    Strategies, CliCheckpointKill,
    ::testing::Values(KillCase{"dpor", {"run", "lastzero", "--param", "N=9", "--no-progress"}},
                      KillCase{"dfs",
                               {"run", "lastzero", "--param", "N=4", "--strategy", "dfs",
                                "--no-progress"}}),
    [](const auto& info) { return std::string(info.param.name); });

// A signal stop writes the checkpoint at the execution boundary it stops
// at: the resumed run starts from exactly the executions reported.
TEST(CliCheckpointSignal, SigintWritesTheCheckpointItStopsAt) {
  CliSandbox box;
  // dfs on lastzero(5) runs for millions of executions: the bound ends it.
  const std::string args =
      "run lastzero --param N=5 --strategy dfs --max-executions 1000000 --no-progress --json";
  const json expected = json::parse(box.run(args).out, nullptr, false);
  ASSERT_TRUE(expected.is_object());
  ChildProcess child(box.work().string(),
                     {"run", "lastzero", "--param", "N=5", "--strategy", "dfs", "--max-executions",
                      "1000000", "--progress", "--json", "--checkpoint", "cp.json"},
                     {}, box.file("../out"), box.file("../err"));
  ASSERT_TRUE(child.wait_for_stderr("executions")) << "the run never showed progress";
  child.signal(SIGINT);
  ASSERT_EQ(child.wait_for_exit(), 3) << child.err();
  const json stopped = json::parse(child.out(), nullptr, false);
  ASSERT_TRUE(stopped.is_object()) << child.out();
  if (stopped["stopped_by"] != "signal") GTEST_SKIP() << "the run ended before the signal";
  const json cp = json::parse(slurp(box.file("cp.json")), nullptr, false);
  ASSERT_TRUE(cp.is_object());
  EXPECT_EQ(cp["executions"], stopped["executions"]);
  const json resumed = json::parse(box.run(args + " --resume cp.json").out, nullptr, false);
  ASSERT_TRUE(resumed.is_object());
  EXPECT_EQ(resumed["executions"], expected["executions"]);
  EXPECT_EQ(resumed["events"], expected["events"]);
  EXPECT_EQ(resumed["verdict"], expected["verdict"]);
  EXPECT_EQ(resumed["stopped_by"], "max-executions");
}

// A run stopped by --max-executions keeps its checkpoint for --resume.
const std::string kRun = "run lastzero --param N=6 --no-progress";

class CliCheckpointFile : public ::testing::Test {
 protected:
  void SetUp() override {
    const CliResult r = box.run(kRun + " --max-executions 5 --checkpoint cp.json");
    ASSERT_EQ(r.exit_code, 3) << r.out << r.err;
    ASSERT_TRUE(std::filesystem::exists(box.file("cp.json")));
  }
  // Resuming with `extra` is refused with exit 2 and a sentence that names
  // the file and says `what`.
  void expect_refused(const std::string& extra, const std::string& what) {
    const CliResult r = box.run(kRun + " --resume cp.json" + extra);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("checkpoint cp.json"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_EQ(r.err_lines().size(), 1u) << r.err;
    EXPECT_TRUE(r.out.empty()) << "nothing ran: " << r.out;
  }
  CliSandbox box;
};

TEST_F(CliCheckpointFile, GoesOnFromTheExecutionsDone) {
  const CliResult r = box.run(kRun + " --json --max-executions 12 --resume cp.json");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const json line = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(line.is_object()) << r.out;
  EXPECT_EQ(line["executions"], 12) << "five before, seven now";
  EXPECT_EQ(json::parse(slurp(box.file("cp.json")))["executions"], 12);
}

TEST_F(CliCheckpointFile, ACutShortFileIsCorrupt) {
  const std::string text = slurp(box.file("cp.json"));
  spit(box.file("cp.json"), text.substr(0, text.size() / 2));
  expect_refused("", "is corrupt");
}

TEST_F(CliCheckpointFile, AChangedValueFailsTheChecksum) {
  json j = json::parse(slurp(box.file("cp.json")));
  j["executions"] = 1;
  spit(box.file("cp.json"), j.dump());
  expect_refused("", "checksum does not match");
}

TEST_F(CliCheckpointFile, AnotherCheckerVersionIsRefused) {
  rewrite_with(box.file("cp.json"), "checker_version", "0.0.1");
  expect_refused("", "checker version \"0.0.1\"");
}

TEST_F(CliCheckpointFile, AStrategyStateThatCannotBeIsRefused) {
  rewrite_with(box.file("cp.json"), "state", json::array({1, 0, 0, 0, 3, 0}));
  expect_refused("", "cannot be resumed");
}

TEST_F(CliCheckpointFile, AnotherRunIsRefused) {
  expect_refused(" --strategy dfs", "its strategy is \"dpor\", this run's is \"dfs\"");
  expect_refused(" --max-steps 77", "its max_steps is");
}

TEST_F(CliCheckpointFile, AnotherScenarioOrParameterIsRefused) {
  const CliResult r = box.run("run lastzero --param N=5 --no-progress --resume cp.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("its params is {\"N\":6}"), std::string::npos) << r.err;
  const CliResult s = box.run("run indexer --no-progress --resume cp.json");
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.err.find("its scenario is \"lastzero\""), std::string::npos) << s.err;
}

TEST(CliCheckpointUsage, WhatCannotBeCheckpointedIsRefused) {
  CliSandbox box;
  const CliResult pct = box.run("run lastzero --strategy pct --checkpoint cp.json");
  EXPECT_EQ(pct.exit_code, 2);
  EXPECT_NE(pct.err.find("--strategy pct cannot be checkpointed"), std::string::npos) << pct.err;
  const CliResult every = box.run("run lastzero --checkpoint-every 5");
  EXPECT_EQ(every.exit_code, 2);
  EXPECT_NE(every.err.find("--checkpoint-every needs"), std::string::npos) << every.err;
  const CliResult missing = box.run("run lastzero --resume nowhere.json");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("checkpoint nowhere.json cannot be read"), std::string::npos)
      << missing.err;
  EXPECT_TRUE(box.files().empty());
}

}  // namespace
}  // namespace mmcheck::testing
