#include "tools/cli_flags.hpp"

#include "tools/exit_codes.hpp"

namespace mmcheck {

std::optional<bool> flag_pair(const CLI::Option* on, const CLI::Option* off) {
  if (on->count() > 0 && off->count() > 0)
    throw UsageError{on->get_name() + " and " + off->get_name() + " contradict each other; give one of them"};
  if (on->count() > 0) return true;
  if (off->count() > 0) return false;
  return std::nullopt;
}

}  // namespace mmcheck
