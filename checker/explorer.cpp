#include "checker/explorer.hpp"

#include <bit>
#include <memory>

#include "checker/lockdep.hpp"
#include "checker/object.hpp"

namespace mmcheck {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Runs one execution; returns how it ended. Exceptions thrown by scenario
// setup or finish() become `exception` violations.
ExecutionEnd run_one(const ScenarioSpec& spec, const ScenarioConfig& config, Runtime& rt,
                     std::unique_ptr<ScenarioInstance>& instance) {
  try {
    instance = spec.make(config);
    instance->start();
    ExecutionEnd end = rt.run();
    if (end == ExecutionEnd::completed) instance->finish();
    return end;
  } catch (const ExecutionStopped&) {
    return ExecutionEnd::violation;
  } catch (const std::exception& e) {
    try {
      rt.report(ViolationKind::exception, std::string("scenario setup or finish threw: ") + e.what(),
                {});
    } catch (const ExecutionStopped&) {
    }
    return ExecutionEnd::violation;
  }
}

}  // namespace

std::string ExploreResult::verdict() const {
  if (violation) return "violation";
  return complete ? "verified" : "incomplete";
}

ExecutionRecord capture(const Runtime& rt) {
  ExecutionRecord r;
  r.threads = rt.thread_names();
  for (const Object* o : rt.objects()) r.objects.push_back(o->name());
  r.schedule.assign(rt.schedule().begin(), rt.schedule().end());
  r.events.assign(rt.events().begin(), rt.events().end());
  r.violation = rt.violation();
  r.preemptions = rt.preemptions();
  return r;
}

ExploreResult explore(const ScenarioSpec& spec, const ScenarioConfig& config, Strategy& strategy,
                      const ExploreOptions& options) {
  ExploreResult result;
  result.scenario = spec.name;
  result.variant = config.variant;
  result.params = config.params;
  result.text = config.text;
  result.strategy = std::string(strategy.name());
  for (const std::string& p : spec.coverage_points) result.coverage[p] = 0;

  RuntimeOptions ro;
  ro.max_steps = options.max_steps;
  ro.detect_races = options.detect_races;
  Runtime rt(strategy, ro);
  LockDep lockdep;
  if (options.check_lock_order) {
    rt.set_lockdep(&lockdep);
    for (const LockWitness& w : options.preload_lock_order) lockdep.preload(w);
  }
  const auto t0 = std::chrono::steady_clock::now();
  double next_progress = options.progress_interval_s;
  bool exhausted = false;

  for (;;) {
    if (options.stop_requested != nullptr && options.stop_requested->load()) {
      result.stopped_by = "signal";
      break;
    }
    if (options.max_executions > 0 && result.executions >= options.max_executions) {
      result.stopped_by = "max-executions";
      break;
    }
    if (options.time_limit_s > 0 && seconds_since(t0) >= options.time_limit_s) {
      result.stopped_by = "time-limit";
      break;
    }
    if (!strategy.begin_execution()) {
      exhausted = true;
      break;
    }
    rt.begin_execution();
    const long number = options.first_execution + result.executions + result.abandoned;
    if (options.check_lock_order) lockdep.begin_execution(number);
    std::unique_ptr<ScenarioInstance> instance;
    const ExecutionEnd end = run_one(spec, config, rt, instance);
    const long depth = rt.step();
    result.events += depth;
    result.max_depth = std::max(result.max_depth, depth);
    if (end == ExecutionEnd::abandoned) {
      ++result.abandoned;
    } else {
      ++result.executions;
      for (const char* point : rt.covered()) ++result.coverage[point];
      for (ThreadMask m = rt.threads_without_steps(); m != 0; m &= m - 1)
        result.threads_without_steps.insert(rt.thread_names()[std::countr_zero(m)]);
    }
    const bool first_violation = end == ExecutionEnd::violation && !result.violation;
    if (end == ExecutionEnd::violation) {
      if (first_violation) {
        result.violation = rt.violation();
        result.violating_execution = number;
      }
      result.violation_kinds.insert(rt.violation()->kind);
    }
    if (first_violation || options.capture_all) result.counterexample = capture(rt);
    rt.end_execution();
    instance.reset();
    strategy.end_execution(end);
    if (result.violation && options.stop_on_violation) break;
    if (!strategy.failure().empty()) {
      result.strategy_failure = strategy.failure();
      result.stopped_by = "strategy";
      break;
    }
    if (options.on_progress) {
      const double now = seconds_since(t0);
      if (now >= next_progress) {
        next_progress = now + options.progress_interval_s;
        options.on_progress(
            Progress{result.executions, result.events, depth, now, strategy.fraction_done()});
      }
    }
  }
  result.elapsed_s = seconds_since(t0);
  result.lock_classes = lockdep.classes();
  result.lock_dependencies = lockdep.edges();
  result.complete = exhausted && strategy.exhaustive() && !result.violation;
  return result;
}

}  // namespace mmcheck
