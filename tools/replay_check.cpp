#include "tools/replay_check.hpp"

#include "checker/explore/replay.hpp"
#include "tools/report.hpp"
#include "tools/trace_target.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck {
namespace {

// The first step at which the replayed events differ from the file's, or -1.
long first_difference(const nlohmann::json& expected, const nlohmann::json& actual) {
  const std::size_t n = std::min(expected.size(), actual.size());
  for (std::size_t i = 0; i < n; ++i)
    if (expected[i] != actual[i]) return static_cast<long>(i);
  if (expected.size() != actual.size()) return static_cast<long>(n);
  return -1;
}

std::string event_or_end(const nlohmann::json& events, long i) {
  if (i < static_cast<long>(events.size())) return events[i].dump();
  return "(no event: the execution had ended)";
}

}  // namespace

ReplayOutcome replay_trace(const std::string& path, const std::optional<std::string>& variant) {
  const TraceFile trace = read_trace_or_usage_error(path);
  const TraceTarget target = resolve_trace_target(trace, path, variant);

  ReplayStrategy strategy(trace.schedule);
  ExploreOptions options;
  options.max_steps = trace.options.max_steps;
  options.max_executions = 1;
  options.capture_all = true;
  options.check_lock_order = trace.options.lockdep;
  if (trace.options.lockdep) {
    // The cycle closed in this execution relied on dependencies seen in
    // earlier ones: put them back, and keep the execution's number.
    std::vector<LockWitness> chain = lock_chain_of(trace.verdict);
    if (!chain.empty()) {
      options.first_execution = chain.back().execution;
      chain.pop_back();
    }
    options.preload_lock_order = chain;
  }
  const ExploreResult result = explore(*target.spec, target.config, strategy, options);

  ReplayOutcome out;
  const ExecutionRecord& rec = result.counterexample;
  out.events = nlohmann::json::array();
  for (const Event& e : rec.events) out.events.push_back(event_json(e, rec, trace.version));
  const std::string label = "replay of " + path + " (scenario " + trace.scenario + ", variant " +
                            target.config.variant + ")";

  if (!strategy.failure().empty()) {
    out.summary = label + ": the schedule cannot go on: " + strategy.failure();
    return out;
  }
  const long diff = first_difference(trace.events, out.events);
  if (diff >= 0) {
    out.summary = label + ": diverged at step " + std::to_string(diff) +
                  "\n  the trace says: " + event_or_end(trace.events, diff) +
                  "\n  the replay did:  " + event_or_end(out.events, diff);
    return out;
  }
  // The threads table names what ran: an edit to it is a difference too.
  for (std::size_t t = 0; t < std::max(trace.threads.size(), rec.threads.size()); ++t) {
    const auto name = [t](const std::vector<std::string>& v) {
      return t < v.size() ? "'" + v[t] + "'" : std::string("no such thread");
    };
    if (t >= trace.threads.size() || t >= rec.threads.size() || trace.threads[t] != rec.threads[t]) {
      out.summary = label + ": same events, different threads: the trace names thread " +
                    std::to_string(t) + " " + name(trace.threads) + ", the replay ran " +
                    name(rec.threads);
      return out;
    }
  }
  const nlohmann::json verdict =
      result.violation ? verdict_json(*result.violation) : nlohmann::json(nullptr);
  if (verdict != trace.verdict) {
    out.summary = label + ": same events, different verdict\n  the trace says: " +
                  trace.verdict.dump() + "\n  the replay gave: " + verdict.dump();
    return out;
  }
  out.reproduced = true;
  out.summary = label + ": reproduced " + std::to_string(out.events.size()) + " steps and the verdict";
  if (result.violation) out.summary += ": " + describe_violation(*result.violation, rec);
  return out;
}

}  // namespace mmcheck
