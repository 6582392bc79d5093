// Checks for the numbers on the command line, run on the text before CLI11
// converts it, so that no value is silently saturated ("99999999999999999999"),
// wrapped ("-1" as an unsigned seed) or taken as no limit ("nan"). A refusal
// names the flag and the allowed range in words:
//   --max-steps: must be a whole number from 1 to 9223372036854775807, not '0'
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace mmcheck {

// A whole number in [lo, hi], written in decimal digits (a sign for lo < 0).
CLI::Validator whole_number(std::int64_t lo, std::int64_t hi);
// The same for the full range of an unsigned 64-bit number (seeds).
CLI::Validator unsigned_64();
// A finite number of seconds greater than 0.
CLI::Validator positive_seconds();

// The checks behind the validators: "" when `text` is fine, else why not.
std::string whole_number_problem(const std::string& text, std::int64_t lo, std::int64_t hi);
std::string unsigned_64_problem(const std::string& text);
std::string positive_seconds_problem(const std::string& text);

}  // namespace mmcheck
