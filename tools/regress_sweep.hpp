// The small sweep `mmcheck regress` runs: bounds and the expected matrix per
// variant in traces/sweeps/regress.json, so a change of verdict of any mix
// within those bounds fails CI (issue 12).
#pragma once

#include <string>
#include <vector>

#include "tools/junit.hpp"

namespace mmcheck {

// One JUnit case per variant; prints a row each unless json.
std::vector<JunitCase> check_regress_sweep(const std::string& expected_file, bool print);

}  // namespace mmcheck
