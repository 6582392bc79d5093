#include <cstdio>
#include <iostream>

#include "checker/explorer.hpp"
#include "checker/replay.hpp"
#include "checker/scenario.hpp"
#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "tools/report.hpp"
#include "tools/trace_target.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck {
namespace {

// The first step at which the replayed events differ from the file's, or -1.
long first_difference(const nlohmann::json& expected, const nlohmann::json& actual) {
  const std::size_t n = std::min(expected.size(), actual.size());
  for (std::size_t i = 0; i < n; ++i)
    if (expected[i].dump() != actual[i].dump()) return static_cast<long>(i);
  if (expected.size() != actual.size()) return static_cast<long>(n);
  return -1;
}

std::string event_or_end(const nlohmann::json& events, long i) {
  if (i < static_cast<long>(events.size())) return events[i].dump();
  return "(no event: the execution had ended)";
}

}  // namespace

int cmd_replay(const ReplayArgs& args) {
  const TraceFile trace = read_trace_or_usage_error(args.trace);
  const TraceTarget target = resolve_trace_target(trace, args.trace, args.variant);

  ReplayStrategy strategy(trace.schedule);
  ExploreOptions options;
  options.max_steps = trace.options.max_steps;
  options.max_executions = 1;
  options.capture_all = true;
  const ExploreResult result = explore(*target.spec, target.config, strategy, options);

  // The replayed execution, as events, whichever way it ended.
  const ExecutionRecord& rec = result.counterexample;
  nlohmann::json actual = nlohmann::json::array();
  for (const Event& e : rec.events) actual.push_back(event_json(e, rec));
  const std::string label = "replay of " + args.trace + " (scenario " + trace.scenario +
                            ", variant " + target.config.variant + ")";

  if (args.verbose) {
    for (const auto& e : actual) std::cout << e.dump() << '\n';
  }
  if (!strategy.failure().empty()) {
    std::cout << label << ": the schedule cannot go on: " << strategy.failure() << '\n';
    return kExitViolation;
  }
  const long diff = first_difference(trace.events, actual);
  if (diff >= 0) {
    std::cout << label << ": diverged at step " << diff << "\n  the trace says: "
              << event_or_end(trace.events, diff)
              << "\n  the replay did:  " << event_or_end(actual, diff) << '\n';
    return kExitViolation;
  }
  const nlohmann::json verdict =
      result.violation ? verdict_json(*result.violation) : nlohmann::json(nullptr);
  if (verdict != trace.verdict) {
    std::cout << label << ": same events, different verdict\n  the trace says: "
              << trace.verdict.dump() << "\n  the replay gave: " << verdict.dump() << '\n';
    return kExitViolation;
  }
  std::cout << label << ": reproduced " << actual.size() << " steps and the verdict";
  if (result.violation) std::cout << ": " << describe_violation(*result.violation, rec);
  std::cout << '\n';
  return kExitOk;
}

}  // namespace mmcheck
