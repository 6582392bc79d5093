#include "tools/cli_numbers.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace mmcheck {
namespace {

std::string range_words(std::int64_t lo, std::int64_t hi) {
  return "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
}

bool all_digits(const std::string& s, std::size_t from) {
  if (from >= s.size()) return false;
  for (std::size_t i = from; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

std::string whole_number_problem(const std::string& text, std::int64_t lo, std::int64_t hi) {
  const std::string want = "must be " + range_words(lo, hi) + ", not '" + text + "'";
  const bool negative = !text.empty() && text[0] == '-';
  if (!all_digits(text, negative ? 1 : 0)) return want;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range) return want + " (too " + (negative ? "small" : "large") + ")";
  if (ec != std::errc() || end != text.data() + text.size()) return want;
  if (v < lo) return want + " (too small)";
  if (v > hi) return want + " (too large)";
  return "";
}

std::string unsigned_64_problem(const std::string& text) {
  const std::string want = "must be a whole number from 0 to " +
                           std::to_string(std::numeric_limits<std::uint64_t>::max()) +
                           ", not '" + text + "'";
  if (!all_digits(text, 0)) return want;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range) return want + " (too large)";
  if (ec != std::errc() || end != text.data() + text.size()) return want;
  return "";
}

std::string positive_seconds_problem(const std::string& text) {
  const std::string want = "must be a number of seconds greater than 0, not '" + text + "'";
  if (text.empty()) return want;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return want;
  if (!std::isfinite(v)) return want + " (not a finite number)";
  if (v <= 0) return want;
  return "";
}

CLI::Validator whole_number(std::int64_t lo, std::int64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) { return whole_number_problem(text, lo, hi); },
      range_words(lo, hi));
}

CLI::Validator unsigned_64() {
  return CLI::Validator([](std::string& text) { return unsigned_64_problem(text); },
                        "a whole number from 0 to 2^64-1");
}

CLI::Validator positive_seconds() {
  return CLI::Validator([](std::string& text) { return positive_seconds_problem(text); },
                        "seconds > 0");
}

}  // namespace mmcheck
