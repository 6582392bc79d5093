// Bad usage and bad input: exit 2, one line on stderr that names what was
// wrong, nothing on stdout, and no trace file written.
#include <gtest/gtest.h>

#include "support/cli_kit.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

void expect_refused(const CliSandbox& box, const std::string& args,
                    const std::vector<std::string>& names_one_of) {
  const std::set<std::string> before = box.files();
  const CliResult r = box.run(args);
  EXPECT_EQ(r.exit_code, 2) << "mmcheck " << args << "\n" << r.out << r.err;
  const auto lines = r.err_lines();
  ASSERT_EQ(lines.size(), 1u) << "mmcheck " << args << ": stderr must be one line:\n" << r.err;
  bool named = false;
  for (const std::string& n : names_one_of) named = named || lines[0].find(n) != std::string::npos;
  EXPECT_TRUE(named) << "mmcheck " << args << ": the error does not name the bad input ("
                     << names_one_of.front() << "):\n" << lines[0];
  EXPECT_EQ(r.out, "") << "mmcheck " << args;
  EXPECT_EQ(box.files(), before) << "mmcheck " << args << " wrote files";
}

TEST(CliBadInput, AnUnknownScenarioIsNamed) {
  CliSandbox box;
  expect_refused(box, "run no_such_scenario", {"no_such_scenario"});
}

TEST(CliBadInput, AnUnknownVariantIsNamed) {
  CliSandbox box;
  expect_refused(box, "run lost_update --variant nope", {"nope"});
}

TEST(CliBadInput, AParameterOutOfRangeIsNamed) {
  CliSandbox box;
  expect_refused(box, "run locked_counter --param N=99", {"N=99"});
}

TEST(CliBadInput, AnUnknownParameterIsNamed) {
  CliSandbox box;
  expect_refused(box, "run locked_counter --param X=1", {"'X'", "X=1"});
}

TEST(CliBadInput, ANonIntegerParameterIsNamed) {
  CliSandbox box;
  expect_refused(box, "run locked_counter --param N=many", {"many"});
}

TEST(CliBadInput, AnUnknownFlagIsNamed) {
  CliSandbox box;
  expect_refused(box, "run lost_update --frobnicate", {"--frobnicate"});
  expect_refused(box, "list --frobnicate", {"--frobnicate"});
  expect_refused(box, "--frobnicate", {"--frobnicate"});
}

TEST(CliBadInput, AnUnknownStrategyIsNamed) {
  CliSandbox box;
  expect_refused(box, "run lost_update --strategy psychic", {"psychic"});
}

// A valid trace of lost_update, as text.
std::string valid_trace_text() {
  CliSandbox src;
  EXPECT_EQ(src.run("run lost_update").exit_code, 1);
  return read_text(src.work() / "mmcheck-out/lost_update.default.json");
}

TEST(CliBadInput, AMissingTraceIsNamed) {
  CliSandbox box;
  expect_refused(box, "replay absent.json", {"absent.json"});
  expect_refused(box, "show absent.json", {"absent.json"});
}

TEST(CliBadInput, ATruncatedTraceIsNamed) {
  CliSandbox box;
  const std::string text = valid_trace_text();
  write_text(box.file("cut.json"), text.substr(0, text.size() * 2 / 3));
  expect_refused(box, "replay cut.json", {"cut.json"});
  expect_refused(box, "show cut.json", {"cut.json"});
}

TEST(CliBadInput, MalformedJsonIsNamed) {
  CliSandbox box;
  write_text(box.file("junk.json"), "{\"format\": \"mmcheck-trace\", \"version\": 1,,}");
  expect_refused(box, "replay junk.json", {"junk.json"});
}

TEST(CliBadInput, ATraceOfAnUnknownScenarioIsNamed) {
  CliSandbox box;
  json doc = json::parse(valid_trace_text());
  doc["scenario"] = "no_such_scenario";
  write_text(box.file("other.json"), doc.dump(2));
  expect_refused(box, "replay other.json", {"no_such_scenario"});
}

TEST(CliBadInput, ATraceOfAnUnknownVariantIsNamed) {
  CliSandbox box;
  json doc = json::parse(valid_trace_text());
  doc["variant"] = "nope";
  write_text(box.file("other.json"), doc.dump(2));
  expect_refused(box, "replay other.json", {"nope"});
}

TEST(CliBadInput, ReplayAgainstAnUnknownVariantIsNamed) {
  CliSandbox box;
  write_text(box.file("good.json"), valid_trace_text());
  expect_refused(box, "replay good.json --variant nope", {"nope"});
}

}  // namespace
}  // namespace mmcheck::testing
