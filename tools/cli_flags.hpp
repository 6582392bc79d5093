// Flags that come in pairs (--x / --no-x), shared by every subcommand.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>

namespace mmcheck {

// Which of the pair was given, if either. Both is a contradiction: a
// UsageError (exit 2) naming the two, rather than the last one winning.
std::optional<bool> flag_pair(const CLI::Option* on, const CLI::Option* off);

// The help text of the --progress / --no-progress pair, whose default is
// progress_wanted() (tools/progress.hpp).
inline constexpr const char* kProgressHelp = "progress on stderr (default: when stdout and stderr are a terminal)";

}  // namespace mmcheck
