#include <iostream>

#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "tools/show.hpp"
#include "tools/trace_target.hpp"

namespace mmcheck {

int cmd_show(const ShowArgs& args) {
  // The views draw only a document read_trace checked (trace_read.cpp), the
  // same check replay makes; they index by its tables without re-checking.
  const nlohmann::json trace = read_trace_or_usage_error(args.trace).document;
  const ShowOptions options{args.relevant, !args.no_source};
  if (args.format == "perfetto" && (args.relevant || args.no_source)) {
    throw UsageError{"show --format perfetto draws every step with its source; --relevant and --no-source are for text and dot"};
  }
  if (args.format == "text") {
    std::cout << show_text(trace, options);
  } else if (args.format == "perfetto") {
    std::cout << show_perfetto(trace).dump() << '\n';
  } else if (args.format == "dot") {
    std::cout << show_dot(trace, options);
  } else {
    throw UsageError{"show --format '" + args.format + "' is unknown; use text, perfetto or dot"};
  }
  return kExitOk;
}

}  // namespace mmcheck
