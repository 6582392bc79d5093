#include <fstream>
#include <iostream>

#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "tools/show.hpp"
#include "tools/trace_target.hpp"

namespace mmcheck {

int cmd_show(const ShowArgs& args) {
  // Validates the file the same way replay does before showing it.
  (void)read_trace_or_usage_error(args.trace);
  std::ifstream in(args.trace);
  const nlohmann::json trace = nlohmann::json::parse(in);
  if (args.format == "text") {
    std::cout << show_text(trace);
  } else if (args.format == "perfetto") {
    std::cout << show_perfetto(trace).dump() << '\n';
  } else if (args.format == "dot") {
    std::cout << show_dot(trace);
  } else {
    throw UsageError{"show --format '" + args.format + "' is unknown; use text, perfetto or dot"};
  }
  return kExitOk;
}

}  // namespace mmcheck
