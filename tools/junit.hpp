// JUnit XML for CI systems: one test case per scenario variant and per
// golden trace.
#pragma once

#include <string>
#include <vector>

namespace mmcheck {

struct JunitCase {
  std::string classname;  // the scenario, or "golden"
  std::string name;       // the variant, or the trace file
  double time_s = 0;
  bool passed = true;
  std::string failure;  // why not, when !passed
};

std::string junit_xml(const std::string& suite, const std::vector<JunitCase>& cases);

}  // namespace mmcheck
