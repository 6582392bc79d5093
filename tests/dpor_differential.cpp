#include "dpor_differential.hpp"

#include <memory>
#include <string>

#include "checker/explore/dfs.hpp"
#include "checker/explore/dpor/dpor.hpp"
#include "checker/engine/explorer.hpp"
#include "trace_recorder.hpp"

namespace mmcheck::testing {
namespace {

std::string kinds(const ExploreResult& r) {
  std::string s;
  for (ViolationKind k : r.violation_kinds) s += std::string(to_string(k)) + " ";
  return s.empty() ? "none" : s;
}

}  // namespace

Differential run_differential(std::uint64_t seed, long max_dfs_executions, ProgramShape shape) {
  auto program = std::make_shared<const Program>(random_program(seed, shape));
  ExploreOptions options;
  options.stop_on_violation = false;
  options.max_steps = 1000;
  const ScenarioConfig config{{}, "default"};

  auto dfs_seen = std::make_shared<Outcomes>();
  DfsStrategy dfs;
  TraceRecorder dfs_traces(dfs);
  options.max_executions = max_dfs_executions;
  const ExploreResult a =
      explore(program_scenario(program, dfs_seen), config, dfs_traces, options);

  Differential d;
  d.dfs_executions = a.executions;
  if (!a.complete && a.stopped_by == StopReason::max_executions) {
    d.skipped = true;
    return d;
  }
  auto dpor_seen = std::make_shared<Outcomes>();
  DporStrategy dpor;
  dpor.check_skipped_reversals();
  TraceRecorder dpor_traces(dpor);
  options.max_executions = 0;
  const ExploreResult b =
      explore(program_scenario(program, dpor_seen), config, dpor_traces, options);
  d.dpor_executions = b.executions;
  d.skipped_reversals_checked = dpor.skipped_reversals_checked();
  d.dpor_abandoned = b.abandoned;
  d.dpor_redundant = dpor_traces.repeats();
  d.traces = static_cast<long>(dfs_traces.traces().size());
  // dfs's traces must all be dpor's (soundness), and dpor's all dfs's
  // (anything else is a bug in one of them or in the recorder).
  long missed = 0;
  std::string missed_example;
  for (const std::string& t : dfs_traces.traces()) {
    if (dpor_traces.traces().count(t) != 0) continue;
    if (missed++ == 0) missed_example = dfs_traces.describe(t);
  }
  long foreign = 0;
  std::string foreign_example;
  for (const std::string& t : dpor_traces.traces()) {
    if (dfs_traces.traces().count(t) != 0) continue;
    if (foreign++ == 0) foreign_example = dpor_traces.describe(t);
  }

  const std::string where = "seed " + std::to_string(seed) + "\n" + program->describe();
  if (!b.strategy_failure.empty()) {
    d.same = false;
    d.why = "dpor failed: " + b.strategy_failure + "\n" + where;
  } else if (missed > 0 || foreign > 0) {
    d.same = false;
    d.why = "traces differ: dpor missed " + std::to_string(missed) + " of dfs's " +
            std::to_string(d.traces) + " traces, and saw " + std::to_string(foreign) + " of its " +
            std::to_string(dpor_traces.traces().size()) + " that dfs never saw\n";
    if (missed > 0) d.why += "a trace dpor missed:" + missed_example + "\n";
    if (foreign > 0) d.why += "a trace dfs never saw:" + foreign_example + "\n";
    d.why += where;
  } else if (dfs_seen->finals != dpor_seen->finals) {
    d.same = false;
    d.why = "final states differ: dfs " + std::to_string(dfs_seen->finals.size()) + ", dpor " +
            std::to_string(dpor_seen->finals.size()) + "\n" + where;
  } else if (a.violation_kinds != b.violation_kinds) {
    d.same = false;
    d.why = "violation kinds differ: dfs " + kinds(a) + ", dpor " + kinds(b) + "\n" + where;
  } else if (b.executions > a.executions) {
    d.same = false;
    d.why = "dpor ran more executions (" + std::to_string(b.executions) + ") than dfs (" +
            std::to_string(a.executions) + ")\n" + where;
  }
  return d;
}

}  // namespace mmcheck::testing
