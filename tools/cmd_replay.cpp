#include <iostream>

#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "tools/replay_check.hpp"

namespace mmcheck {

int cmd_replay(const ReplayArgs& args) {
  const ReplayOutcome outcome = replay_trace(args.trace, args.variant);
  if (args.verbose) {
    for (const auto& e : outcome.events) std::cout << e.dump() << '\n';
  }
  std::cout << outcome.summary << '\n';
  return outcome.reproduced ? kExitOk : kExitViolation;
}

}  // namespace mmcheck
