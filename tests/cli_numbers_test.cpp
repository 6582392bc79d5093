// Numbers on the command line (issue 13): a value out of range, not a
// number, too large for its type, negative where it cannot be, or NaN is
// refused with exit 2 and one sentence that names the flag and the range in
// words; nothing saturates or wraps silently. Contradictory flags too.
#include <gtest/gtest.h>

#include "support/cli_kit.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

struct BadNumber {
  std::string args;  // after `run lost_update`
  std::string flag;
  std::string range;  // the allowed range, as the error must say it
};

void PrintTo(const BadNumber& b, std::ostream* os) { *os << b.args; }

class CliBadNumber : public ::testing::TestWithParam<BadNumber> {};

TEST_P(CliBadNumber, IsRefusedNamingTheFlagAndItsRange) {
  CliSandbox box;
  const BadNumber& b = GetParam();
  const CliResult r = box.run("run lost_update " + b.args);
  EXPECT_EQ(r.exit_code, 2) << b.args << "\n" << r.out << r.err;
  const auto lines = r.err_lines();
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_NE(lines[0].find(b.flag), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(b.range), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].find("1797693"), std::string::npos) << "no 309-digit range: " << lines[0];
  EXPECT_EQ(lines[0].find("0.000000"), std::string::npos) << lines[0];
  EXPECT_LT(lines[0].size(), 200u) << lines[0];
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(box.files().empty()) << "nothing is run, nothing written";
}

const std::string kSteps = "a whole number from 1 to 9223372036854775807";
const std::string kSeed = "a whole number from 0 to 18446744073709551615";
const std::string kSeconds = "a number of seconds greater than 0";

INSTANTIATE_TEST_SUITE_P(
    Numbers, CliBadNumber,
    ::testing::Values(
        BadNumber{"--max-steps 0", "--max-steps", kSteps},
        BadNumber{"--max-steps abc", "--max-steps", kSteps + ", not 'abc'"},
        BadNumber{"--max-steps -5", "--max-steps", kSteps},
        BadNumber{"--max-steps 1.5", "--max-steps", kSteps},
        BadNumber{"--max-steps 99999999999999999999", "--max-steps", "(too large)"},
        BadNumber{"--max-executions 0", "--max-executions", kSteps},
        BadNumber{"--max-executions 1e3", "--max-executions", kSteps},
        BadNumber{"--seed -1", "--seed", kSeed},
        BadNumber{"--seed 18446744073709551616", "--seed", "(too large)"},
        BadNumber{"--seed x", "--seed", kSeed},
        BadNumber{"--time-limit nan", "--time-limit", kSeconds},
        BadNumber{"--time-limit inf", "--time-limit", "not a finite number"},
        BadNumber{"--time-limit -1", "--time-limit", kSeconds},
        BadNumber{"--time-limit 0", "--time-limit", kSeconds},
        BadNumber{"--time-limit soon", "--time-limit", kSeconds},
        BadNumber{"--strategy dfs --preemption-bound -1", "--preemption-bound",
                  "a whole number from 0 to 9223372036854775807"},
        BadNumber{"--strategy pct --pct-depth 0", "--pct-depth",
                  "a whole number from 1 to 2147483647"},
        BadNumber{"--strategy pct --pct-depth 3000000000", "--pct-depth", "(too large)"}),
    [](const ::testing::TestParamInfo<BadNumber>& info) {
      std::string name;
      for (char c : info.param.args) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(CliNumbers, TheLargestSeedIsTakenAsIs) {
  CliSandbox box;
  const CliResult r = box.run(
      "run locked_counter --strategy random --seed 18446744073709551615 --max-executions 1 "
      "--json");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(json_line(r)["executions"], 1) << r.out;
}

TEST(CliNumbers, ContradictoryFlagsAreRefused) {
  CliSandbox box;
  for (const char* args : {"--lockdep --no-lockdep", "--no-lockdep --lockdep",
                            "--progress --no-progress"}) {
    const CliResult r = box.run(std::string("run lost_update ") + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out << r.err;
    ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find("contradict each other"), std::string::npos) << r.err;
    EXPECT_TRUE(box.files().empty());
  }
  // One of a pair, or the same twice, is fine.
  EXPECT_EQ(box.run("run lost_update --no-lockdep --no-progress --json").exit_code, 1);
  EXPECT_EQ(box.run("run lost_update --lockdep --lockdep --json").exit_code, 1);
  // sweep's pair is refused the same way, not last-one-wins.
  const CliResult sweep = box.run("sweep --progress --no-progress");
  EXPECT_EQ(sweep.exit_code, 2) << sweep.out << sweep.err;
  EXPECT_NE(sweep.err.find("contradict each other"), std::string::npos) << sweep.err;
}

// Help texts give the real defaults in words, never CLI11's "{false}" for a
// flag whose default depends on the scenario or the terminal.
TEST(CliNumbers, HelpTextsStateTheRealDefaults) {
  CliSandbox box;
  for (const char* command : {"run --help", "sweep --help"}) {
    const CliResult r = box.run(command);
    ASSERT_EQ(r.exit_code, 0) << command << r.err;
    EXPECT_EQ(r.out.find("{false}"), std::string::npos) << command << "\n" << r.out;
    EXPECT_EQ(r.out.find("{true}"), std::string::npos) << command << "\n" << r.out;
    EXPECT_NE(r.out.find("default: when stdout and stderr are a terminal"), std::string::npos)
        << command << "\n" << r.out;
  }
  EXPECT_NE(box.run("run --help").out.find("default: as the scenario declares"), std::string::npos);
}

}  // namespace
}  // namespace mmcheck::testing
