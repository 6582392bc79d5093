#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "tools/checkpoint_file.hpp"
#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "tools/minimize.hpp"
#include "tools/progress.hpp"
#include "tools/report.hpp"
#include "tools/stop_signal.hpp"
#include "traces/atomic_write.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck {
namespace {

std::string trace_path_for(const RunArgs& args, const std::string& variant, bool many) {
  if (!args.trace_out) return "mmcheck-out/" + args.scenario + "." + variant + ".json";
  if (!many) return *args.trace_out;
  // One file per variant: FILE.json becomes FILE.VARIANT.json.
  const std::string& f = *args.trace_out;
  const auto dot = f.rfind('.');
  if (dot == std::string::npos || f.find('/', dot) != std::string::npos) return f + "." + variant;
  return f.substr(0, dot) + "." + variant + f.substr(dot);
}

std::string list_of(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

void print_row(const ExploreResult& r, const Expectation* expectation) {
  std::printf("  %-10s %-11s %-15s %10ld  %-8s %9.3fs", r.variant.c_str(), std::string(to_string(r.verdict())).c_str(),
              r.violation ? std::string(to_string(r.violation->kind)).c_str() : "-", r.executions,
              r.complete ? "yes" : "no", r.elapsed_s);
  if (expectation) std::printf("  %s", judge(*expectation, r).met ? "yes" : "NO");
  std::printf("\n");
}

}  // namespace

int cmd_run(const RunArgs& args) {
  const ScenarioSpec* spec = find_scenario(args.scenario);
  if (spec == nullptr)
    throw UsageError{"unknown scenario '" + args.scenario +
                     "'; `mmcheck list` shows the scenarios there are"};
  std::vector<std::string> variants = spec->variants;
  if (args.variant) {
    if (!spec->has_variant(*args.variant))
      throw UsageError{"scenario " + spec->name + " has no variant '" + *args.variant +
                       "'; its variants: " + list_of(spec->variants)};
    variants = {*args.variant};
  }
  ScenarioConfig config;
  if (auto err = resolve_params(*spec, args.params, config.params)) throw UsageError{*err};
  // A scenario's text argument (the mix): given exactly when it takes one,
  // and checked on every variant before anything runs.
  if (args.mix && spec->text_option != "mix")
    throw UsageError{"--mix applies to scenario mix only, not to scenario " + spec->name};
  if (args.mix) config.text = *args.mix;
  if (spec->validate)
    for (const std::string& variant : variants) {
      config.variant = variant;
      if (auto err = spec->validate(config)) throw UsageError{*err};
    }
  StrategyOptions strategy_options = args.strategy;
  if (args.preemption_bound) {
    // The bound is a preemption-bounded dfs. Bounding dpor is not sound as
    // is (a pruned schedule's backtrack points are lost; see Coons et al.,
    // "Bounded partial-order reduction", OOPSLA 2013), so the default dpor
    // gives way to it, and an explicit other strategy is refused.
    if (args.strategy_given && args.strategy.name != "dfs")
      throw UsageError{"--preemption-bound works with --strategy dfs only (or with no "
                       "--strategy), not with --strategy " +
                       args.strategy.name};
    strategy_options.name = "dfs";
    strategy_options.preemption_bound = args.preemption_bound;
  }
  if (args.pct_depth) {
    if (strategy_options.name != "pct")
      throw UsageError{"--pct-depth applies to --strategy pct only, not to --strategy " +
                       strategy_options.name};
    strategy_options.pct_depth = *args.pct_depth;
  }
  // pct draws the first execution's change points from the first k steps.
  strategy_options.pct_first_steps = args.max_steps.value_or(100);

  ExploreOptions options = options_for(*spec, {args.max_steps, args.lockdep});
  options.max_executions = args.max_executions;
  options.time_limit_s = args.time_limit_s;
  options.stop_on_violation = !args.no_stop;
  const bool progress = progress_wanted(args.progress);
  // A trace target that can never be written is refused before the run.
  for (const std::string& variant : variants) {
    const std::string path = trace_path_for(args, variant, variants.size() > 1);
    if (const std::string why = why_unwritable(path); !why.empty())
      throw UsageError{(args.trace_out ? "--trace-out " : "trace file ") + path +
                       " cannot be written: " + why};
  }
  // Checkpoints: checked before anything runs.
  const std::optional<std::string> checkpoint_path = args.checkpoint ? args.checkpoint : args.resume;
  if (args.checkpoint_every_s && !checkpoint_path)
    throw UsageError{"--checkpoint-every needs --checkpoint FILE or --resume FILE"};
  nlohmann::json identity;
  std::optional<ExplorationState> resumed;
  if (checkpoint_path) {
    const char* flag = args.checkpoint ? "--checkpoint" : "--resume";
    if (variants.size() != 1)
      throw UsageError{std::string(flag) + " takes one variant: add --variant (scenario " +
                       spec->name + " has " + list_of(variants) + ")"};
    if (const std::string why = make_strategy(strategy_options)->checkpoint_unsupported();
        !why.empty())
      throw UsageError{std::string(flag) + ": " + why + " (dfs and dpor can)"};
    if (options.check_lock_order)
      throw UsageError{std::string(flag) + " does not work with lock-order checking, whose "
                       "graph is not saved: add --no-lockdep"};
    if (const std::string why = why_unwritable(*checkpoint_path); !why.empty())
      throw UsageError{"checkpoint " + *checkpoint_path + " cannot be written: " + why};
    identity = checkpoint_identity(spec->name, variants.front(), strategy_options.name,
                                   options.max_steps, nlohmann::json(config.params), config.text,
                                   args.preemption_bound.value_or(-1));
    if (args.resume) {
      resumed = read_checkpoint(*args.resume, identity);
      // Its state is tried on a new strategy now, before anything is printed.
      try {
        StateReader reader(resumed->strategy);
        make_strategy(strategy_options)->restore_state(reader);
        reader.expect_end();
      } catch (const CheckpointError& e) {
        throw UsageError{"checkpoint " + *args.resume + " cannot be resumed: " + e.what()};
      }
    }
  }
  // SIGINT, SIGTERM, SIGHUP: stop at the next execution boundary, report.
  const StopOnSignals stop_on_signals;
  options.stop_requested = StopOnSignals::flag();

  if (!args.json) {
    std::printf("%s: %s\n", spec->name.c_str(), spec->summary.c_str());
    std::printf("  %-10s %-11s %-15s %10s  %-8s %10s  %s\n", "variant", "verdict", "violation",
                "executions", "complete", "time", spec->expectations.empty() ? "" : "expected");
  }
  bool any_violation = false;
  bool any_incomplete = false;
  bool any_nondeterministic = false;
  std::vector<std::string> notes;
  std::set<std::string> without_steps;  // warned about once per run, after every variant
  for (const std::string& variant : variants) {
    config.variant = variant;
    auto strategy = make_strategy(strategy_options);
    if (progress) {
      options.on_progress = [&](const Progress& p) {
        print_progress(spec->name + "/" + variant, p);
      };
    }
    ExploreOptions run_options = options;
    bool checkpoint_warned = false;
    if (checkpoint_path) {
      run_options.resume = resumed ? &*resumed : nullptr;
      run_options.checkpoint_interval_s =
          static_cast<double>(args.checkpoint_every_s.value_or(kDefaultCheckpointEvery));
      run_options.on_checkpoint = [&](const ExplorationState& state) {
        try {
          write_checkpoint(*checkpoint_path, identity, state);
        } catch (const TraceError& e) {
          // The run goes on; what it finds is not lost for want of a checkpoint.
          if (!checkpoint_warned) std::fprintf(stderr, "mmcheck: warning: %s\n", e.what());
          checkpoint_warned = true;
        }
      };
    }
    ExploreResult result;
    try {
      result = explore(*spec, config, *strategy, run_options);
    } catch (const CheckpointError& e) {
      throw UsageError{"checkpoint " + checkpoint_path.value_or("") +
                       " cannot be resumed: " + e.what()};
    }
    // A finished exploration has nothing to go on from: its checkpoint goes.
    if (checkpoint_path && result.stopped_by != StopReason::signal &&
        result.stopped_by != StopReason::time_limit &&
        result.stopped_by != StopReason::max_executions) {
      std::error_code ec;
      std::filesystem::remove(*checkpoint_path, ec);
    }
    if (progress) clear_progress();
    if (args.preemption_bound && !result.complete && !result.violation &&
        result.stopped_by == StopReason::none)
      result.stopped_by = StopReason::preemption_bound;  // it cut off some schedules

    std::optional<std::string> trace_path;
    std::optional<std::string> trace_error;
    std::optional<std::string> shrink_note;
    if (!result.nondeterminism.empty()) {
      // No verdict and no trace: a trace of it would not replay.
      any_nondeterministic = true;
      std::fprintf(stderr, "mmcheck: %s/%s: %s\n", spec->name.c_str(), variant.c_str(),
                   result.nondeterminism.c_str());
    } else if (result.violation) {
      any_violation = true;
      trace_path = trace_path_for(args, variant, variants.size() > 1);
      TraceOptions topt{strategy_options.name, options.max_steps, args.strategy.seed,
                        options.check_lock_order, args.preemption_bound};
      // The trace written is a minimal one: as few preemptions as a bounded
      // search finds within its budget (iterative bounding is minimal already).
      if (!args.preemption_bound) {
        if (auto m = fewer_preemptions(*spec, config, options, result)) {
          shrink_note = "counterexample shrunk from " + std::to_string(result.counterexample.preemptions) +
                        " to " + std::to_string(m->record.preemptions) +
                        (m->record.preemptions == 1 ? " preemption" : " preemptions") +
                        " by a preemption-bounded dfs";
          result.counterexample = std::move(m->record);
          result.violation = result.counterexample.violation;
          topt.strategy = "dfs";
          topt.preemption_bound = m->bound;
        }
      }
      // A trace that cannot be written loses the file, not the verdict: the
      // row stays, the reason is named, and the other variants still run.
      try {
        write_json_atomically(*trace_path, trace_json(result, topt));
      } catch (const TraceError& e) {
        trace_error = e.what();
        trace_path.reset();
        std::fprintf(stderr, "mmcheck: %s\n", e.what());
      }
    } else if (!result.complete) {
      any_incomplete = true;
    }
    without_steps.insert(result.threads_without_steps.begin(), result.threads_without_steps.end());
    const Expectation* expectation = spec->expectation_for(variant);
    if (args.json) {
      // stdout holds JSON lines only: the shrink note goes into the object.
      nlohmann::json line = result_json(*spec, result, trace_path);
      if (trace_error) line["trace_error"] = *trace_error;
      if (shrink_note) line["notes"] = nlohmann::json::array({*shrink_note});
      std::cout << line.dump() << std::endl;
      continue;
    }
    if (shrink_note) notes.push_back(variant + ": " + *shrink_note);
    print_row(result, expectation);
    if (resumed)
      notes.push_back(variant + ": resumed from checkpoint " + *args.resume + " after " +
                      std::to_string(resumed->executions) + " executions");
    if (result.violation)
      notes.push_back(variant + ": " + describe_violation(*result.violation,
                                                         result.counterexample) +
                      "\n    trace: " + (trace_path ? *trace_path : "not written: " + *trace_error));
    if (args.no_stop && !result.violation_kinds.empty()) {
      std::string kinds;
      for (ViolationKind k : result.violation_kinds)
        kinds += (kinds.empty() ? "" : ", ") + std::string(to_string(k));
      notes.push_back(variant + ": went on past violations (--no-stop); kinds found: " + kinds);
    }
    if (!result.strategy_failure.empty())
      notes.push_back(variant + ": exploration stopped: " + result.strategy_failure);
    else if (!result.complete && !result.violation)
      notes.push_back(variant + ": incomplete, stopped by " + std::string(to_string(result.stopped_by)));
    if (expectation && !judge(*expectation, result).met)
      notes.push_back(variant + ": not as expected: " + judge(*expectation, result).why);
    if (!result.coverage.empty()) {
      std::string c = variant + ": coverage:";
      for (const auto& [point, n] : result.coverage)
        c += " [" + point + "] " + std::to_string(n) + "/" + std::to_string(result.executions);
      notes.push_back(c);
    }
  }
  for (const std::string& n : notes) std::printf("  %s\n", n.c_str());
  if (auto w = no_visible_step_warning(without_steps))
    std::fprintf(stderr, "mmcheck: warning: %s\n", w->c_str());
  if (any_nondeterministic) return kExitBadInput;
  if (any_violation) return kExitViolation;
  if (any_incomplete) return kExitIncomplete;
  return kExitOk;
}

}  // namespace mmcheck
