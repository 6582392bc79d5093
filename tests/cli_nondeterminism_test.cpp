// `run` on a scenario that is not deterministic (hidden_counter): under
// every strategy, exit 2, one sentence on stderr naming the scenario, the
// step and the thread, and no trace file (it would not replay).
#include <gtest/gtest.h>

#include "support/cli_kit.hpp"

namespace mmcheck::testing {
namespace {

TEST(CliNondeterminism, ExitsTwoWithTheSentenceUnderEveryStrategy) {
  for (const char* strategy : {"dpor", "dfs", "random", "pct"}) {
    for (int mode = 0; mode <= 2; ++mode) {
      CliSandbox box;
      const CliResult r = box.run(std::string("run hidden_counter --strategy ") + strategy +
                                  " --max-executions 50 --param MODE=" + std::to_string(mode));
      const std::string what = std::string(strategy) + " MODE=" + std::to_string(mode);
      EXPECT_EQ(r.exit_code, 2) << what << "\n" << r.out << r.err;
      EXPECT_NE(r.err.find("mmcheck: hidden_counter/default: the scenario is not deterministic: "),
                std::string::npos)
          << what << ": " << r.err;
      EXPECT_TRUE(box.files().empty()) << what;
    }
  }
}

TEST(CliNondeterminism, TheJsonLineSaysWhy) {
  CliSandbox box;
  const CliResult r = box.run("run hidden_counter --json --param MODE=1");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  ASSERT_FALSE(r.out_lines().empty()) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out_lines().front());
  EXPECT_EQ(j["stopped_by"], "nondeterminism");
  EXPECT_EQ(j["complete"], false);
  EXPECT_NE(j["nondeterminism"].get<std::string>().find("step 0 of t0"), std::string::npos) << j;
  EXPECT_TRUE(j["divergences"].is_number()) << j;
}

}  // namespace
}  // namespace mmcheck::testing
