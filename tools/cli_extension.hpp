// What an executable adds to mmcheck's generic command line. The command
// line (mmcheck_main, mmcheck_cli) is a library that users' checks link too,
// so it knows nothing of the hugetlb model; the mmcheck tool registers the
// model's `sweep` and the sweep that `regress` runs (tools/sweep_extension.cpp)
// at static initialisation, from a file compiled into the executable.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tools/junit.hpp"

namespace CLI {
class App;
}

namespace mmcheck {

struct CliExtension {
  // Declares the extension's subcommands on `app` and returns what runs
  // after parsing: the exit code when one of them was chosen, else nullopt.
  std::function<std::function<std::optional<int>()>(CLI::App& app)> add_commands;
  // Further checks for `regress`, given its golden-trace folder: one JUnit
  // case each (a row printed for each unless `json`).
  std::function<std::vector<JunitCase>(const std::string& golden_dir, bool json)> regress_checks;
};

bool register_cli_extension(CliExtension extension);
const std::vector<CliExtension>& cli_extensions();

}  // namespace mmcheck
