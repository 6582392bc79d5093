// The exit codes of the command line (docs: design/checker.md, README).
#pragma once

#include <string>

namespace mmcheck {

inline constexpr int kExitOk = 0;          // as expected / verified / reproduced
inline constexpr int kExitViolation = 1;   // violation, failed expectation, no reproduction
inline constexpr int kExitBadInput = 2;    // bad usage or bad input
inline constexpr int kExitIncomplete = 3;  // stopped at a bound, found nothing

// Bad input: one sentence on stderr, exit 2.
struct UsageError {
  std::string message;
};

}  // namespace mmcheck
