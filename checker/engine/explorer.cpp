#include "checker/engine/explorer.hpp"

#include <bit>
#include <memory>

#include "checker/engine/determinism.hpp"
#include "checker/detect/lockdep.hpp"
#include "checker/sync/object.hpp"

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

std::string describe_end(const std::optional<Violation>& v) {
  if (!v) return "no violation";
  return std::string("a ") + std::string(to_string(v->kind)) + " violation at step " +
         std::to_string(v->step) + " (" + v->message + ")";
}

// Replays `recorded` once more through the check (determinism.hpp) and
// compares how it ends with `violation`, how it ended the first time.
// Lock-order checking is off: its graph has grown since, so it may now see
// a cycle the recorded execution could not; a lock_order violation is
// replayed up to its step.
void confirm_execution(const ScenarioSpec& spec, const ScenarioConfig& config, Runtime& rt,
                       DeterminismCheck& check, const CheckedExecution& recorded,
                       const std::optional<Violation>& violation, long number) {
  const bool lock_order = violation && violation->kind == ViolationKind::lock_order;
  check.confirm(recorded, lock_order);
  if (!check.begin_execution()) return;
  LockDep* const lockdep = rt.lockdep();
  rt.set_lockdep(nullptr);
  rt.begin_execution();
  std::unique_ptr<ScenarioInstance> instance;
  const ExecutionEnd end = run_one(spec, config, rt, instance);
  const std::optional<Violation> now = rt.violation();
  rt.end_execution();
  instance.reset();
  check.end_execution(end);
  rt.set_lockdep(lockdep);
  if (check.nondeterministic() || lock_order) return;
  const bool same = violation.has_value() == now.has_value() &&
                    (!violation || (violation->kind == now->kind &&
                                    violation->message == now->message &&
                                    violation->step == now->step));
  if (!same)
    check.fail("execution " + std::to_string(number) + " ended with " + describe_end(violation) +
               ", and replayed with the same choices it ends with " + describe_end(now));
}

}  // namespace

ExploreOptions options_for(const ScenarioSpec& spec, const OptionOverrides& overrides) {
  ExploreOptions o;
  o.max_steps = overrides.max_steps.value_or(spec.max_steps > 0 ? spec.max_steps : kDefaultMaxSteps);
  o.check_lock_order = overrides.lockdep.value_or(spec.lockdep);
  return o;
}

Verdict ExploreResult::verdict() const {
  if (violation) return Verdict::violation;
  return complete ? Verdict::verified : Verdict::incomplete;
}

ExecutionRecord capture(const Runtime& rt) {
  ExecutionRecord r;
  r.threads = rt.thread_names();
  for (const Object* o : rt.objects()) r.objects.push_back(o->name());
  r.schedule.assign(rt.schedule().begin(), rt.schedule().end());
  r.events.assign(rt.events().begin(), rt.events().end());
  r.notes = rt.notes();
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
  DeterminismCheck checked(strategy);
  Strategy& explorer_strategy = options.check_determinism ? static_cast<Strategy&>(checked) : strategy;
  Runtime rt(explorer_strategy, ro);
  LockDep lockdep;
  if (options.check_lock_order) {
    rt.set_lockdep(&lockdep);
    for (const LockWitness& w : options.preload_lock_order) lockdep.preload(w);
  }
  if (options.on_checkpoint || options.resume != nullptr) {
    if (const std::string why = strategy.checkpoint_unsupported(); !why.empty())
      throw CheckpointError(why);
    if (options.check_lock_order)
      throw CheckpointError("a run with lock-order checking cannot be checkpointed (its graph is "
                            "not saved)");
    if (!options.stop_on_violation)
      throw CheckpointError("a run that goes on past violations cannot be checkpointed");
  }
  double elapsed_before = 0;  // by the runs this one resumes
  if (options.resume != nullptr) {
    StateReader reader(options.resume->strategy);
    strategy.restore_state(reader);
    result.executions = options.resume->executions;
    result.abandoned = options.resume->abandoned;
    result.events = options.resume->events;
    result.max_depth = options.resume->max_depth;
    for (const auto& [point, n] : options.resume->coverage) result.coverage[point] = n;
    result.threads_without_steps = options.resume->threads_without_steps;
    elapsed_before = options.resume->elapsed_s;
  }
  // The number of this run's first execution.
  const long first_number = options.first_execution + result.executions + result.abandoned;
  const auto t0 = std::chrono::steady_clock::now();
  double next_progress = options.progress_interval_s;
  double next_checkpoint = options.checkpoint_interval_s;
  const auto checkpoint = [&] {
    ExplorationState s{result.executions, result.abandoned, result.events, result.max_depth,
                       elapsed_before + seconds_since(t0), result.coverage,
                       result.threads_without_steps, {}};
    StateWriter w;
    strategy.save_state(w);
    s.strategy = w.data();
    options.on_checkpoint(s);
  };
  bool exhausted = false;
  std::optional<Violation> first_violation_record;  // how the first execution ended
  bool violation_captured = false;  // result.counterexample is the violating execution

  for (;;) {
    if (options.stop_requested != nullptr && options.stop_requested->load())
      result.stopped_by = StopReason::signal;
    else if (options.max_executions > 0 && result.executions >= options.max_executions)
      result.stopped_by = StopReason::max_executions;
    else if (options.time_limit_s > 0 && seconds_since(t0) >= options.time_limit_s)
      result.stopped_by = StopReason::time_limit;
    if (result.stopped_by != StopReason::none) {
      if (options.on_checkpoint) checkpoint();
      break;
    }
    if (options.on_checkpoint && seconds_since(t0) >= next_checkpoint) {
      checkpoint();
      next_checkpoint = seconds_since(t0) + options.checkpoint_interval_s;
    }
    if (!explorer_strategy.begin_execution()) {
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
    if (first_violation) violation_captured = !options.capture_all;
    const std::optional<Violation> rt_violation_copy =
        number == first_number ? rt.violation() : std::nullopt;
    rt.end_execution();
    instance.reset();
    if (number == first_number) first_violation_record = rt_violation_copy;
    if (result.violation && options.stop_on_violation) {
      // The last execution: the strategy need not learn from it.
      if (options.check_determinism) checked.end_last_execution(end);
      break;
    }
    explorer_strategy.end_execution(end);
    if (!explorer_strategy.failure().empty()) {
      result.strategy_failure = explorer_strategy.failure();
      result.stopped_by = StopReason::strategy;
      break;
    }
    if (options.on_progress) {
      const double now = seconds_since(t0);
      if (now >= next_progress) {
        next_progress = now + options.progress_interval_s;
        options.on_progress(
            Progress{result.executions, result.events, depth, now, explorer_strategy.fraction_done()});
      }
    }
  }
  if (options.check_determinism && explorer_strategy.failure().empty() && checked.first().ended &&
      checked.first().end != ExecutionEnd::abandoned) {
    // The violating execution, then the first: what a later execution of a
    // scenario that changes from one execution to the next no longer does.
    const bool violation_in_first = result.violation && result.violating_execution == first_number;
    if (result.violation && violation_captured && !violation_in_first) {
      const CheckedExecution recorded = CheckedExecution::of(result.counterexample);
      confirm_execution(spec, config, rt, checked, recorded, result.violation,
                        result.violating_execution);
    }
    if (!checked.nondeterministic())
      confirm_execution(spec, config, rt, checked, checked.first(), first_violation_record,
                        first_number);
  }
  if (checked.nondeterministic()) {
    result.nondeterminism = result.strategy_failure = checked.failure();
    result.stopped_by = StopReason::nondeterminism;
  }
  result.divergences = strategy.divergences();
  result.elapsed_s = elapsed_before + seconds_since(t0);
  result.lock_classes = lockdep.classes();
  result.lock_dependencies = lockdep.edges();
  // Past a violation (stop_on_violation off) the exploration still covers
  // everything within the bounds.
  result.complete = exhausted && strategy.exhaustive() &&
                    (!result.violation || !options.stop_on_violation) &&
                    result.nondeterminism.empty();
  return result;
}

}  // namespace mmcheck
