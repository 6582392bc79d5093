// The idiomatic layers through the command line of a user-style binary
// (mmcheck_idiom_checks: tests/idiom_scenarios.cpp linked with mmcheck_main):
// the no-visible-step warning, and the names kernel.h gives objects.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "support/cli_kit.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(NoVisibleStep, StdAtomicThreadsAreWarnedAboutOncePerRunAndInTheJson) {
  CliSandbox box;
  // Every variant: std::atomic (invisible), then two on std_like::atomic.
  const CliResult r = box.run("run std_atomic_counter --json");
  ASSERT_EQ(r.exit_code, 1) << r.err;  // load_store's lost update
  ASSERT_EQ(r.out_lines().size(), 3u) << r.out;
  const json invisible = json::parse(r.out_lines()[0]);
  EXPECT_EQ(invisible["variant"], "std_atomic");
  // The wrong answer the warning is for: one execution, "verified".
  EXPECT_EQ(invisible["verdict"], "verified");
  EXPECT_EQ(invisible["executions"], 1);
  ASSERT_EQ(invisible["warnings"].size(), 1u) << invisible.dump();
  EXPECT_EQ(invisible["warnings"][0]["kind"], "no_visible_step");
  EXPECT_EQ(invisible["warnings"][0]["threads"], json::array({"inc0", "inc1"}));
  for (int i = 1; i < 3; ++i) {
    const json instrumented = json::parse(r.out_lines()[i]);
    EXPECT_TRUE(instrumented["warnings"].empty()) << instrumented.dump();
  }
  EXPECT_EQ(json::parse(r.out_lines()[1])["violation"]["kind"], "assertion");
  EXPECT_EQ(count_of(r.err, "warning:"), 1u) << r.err;
  EXPECT_NE(r.err.find("inc0, inc1 ended without a visible step"), std::string::npos) << r.err;
}

TEST(NoVisibleStep, InstrumentedThreadsGetNoWarning) {
  CliSandbox box;
  const CliResult r = box.run("run std_atomic_counter --variant fetch_add");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
}

TEST(KernelNames, ObjectsAreNamedByMacroByInitialiserOrByDeclaration) {
  CliSandbox box;
  const CliResult r = box.run("run kernel_names --trace-out t.json --json");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const json line = json::parse(r.out_lines().at(0));
  EXPECT_EQ(line["violation"]["message"], "BUG_ON(atomic_read(&counter) == 1)");
  std::ifstream in(box.file("t.json"));
  const json trace = json::parse(in);
  std::set<std::string> objects;
  for (const json& e : trace["events"])
    if (e.contains("object") && e["object"].is_string()) objects.insert(e["object"]);
  EXPECT_TRUE(objects.count("by_macro")) << trace["events"].dump();
  EXPECT_TRUE(objects.count("o.lock")) << trace["events"].dump();
  EXPECT_TRUE(objects.count("sem")) << trace["events"].dump();
  const std::regex located(R"((spinlock|atomic_t) \(idiom_scenarios\.cpp:[0-9]+\))");
  int located_names = 0;
  for (const std::string& o : objects) located_names += std::regex_match(o, located) ? 1 : 0;
  EXPECT_EQ(located_names, 2) << trace["events"].dump();
  EXPECT_EQ(line["warnings"], json::array());
}

TEST(KernelLockOrder, LockdepReportsTheSpinlockCycleByTheirNames) {
  CliSandbox box;
  const CliResult r = box.run("run kernel_abba --variant abba");
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("lock_order"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(a)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mmcheck::testing
