// mmcheck: the command line. See README.md and design/checker.md for the
// contract (subcommands, flags, exit codes).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "traces/trace_io.hpp"

using namespace mmcheck;

int main(int argc, char** argv) {
  CLI::App app{"mmcheck: a deterministic concurrency model checker for the Linux hugetlb model",
               "mmcheck"};
  app.require_subcommand(1);
  app.set_version_flag("--version", MMCHECK_VERSION);

  bool list_json = false;
  auto* list = app.add_subcommand("list", "list the scenarios, their variants and parameters");
  list->add_flag("--json", list_json, "one JSON object per scenario");

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "explore a scenario and report violations");
  run_cmd->add_option("SCENARIO", run.scenario, "scenario name (see `mmcheck list`)")->required();
  run_cmd->add_option("--variant", run.variant, "run one variant (default: every variant)");
  CLI::Option* strategy_opt =
      run_cmd
          ->add_option("--strategy", run.strategy.name,
                       "exploration strategy: dpor (exhaustive, reduced), dfs (exhaustive), "
                       "random or pct (seeded sampling, never verified)")
          ->check(CLI::IsMember(strategy_names()))
          ->capture_default_str();
  run_cmd
      ->add_option("--preemption-bound", run.preemption_bound,
                   "explore only schedules with at most K preemptions, bound 0 first, then "
                   "1, ... up to K (a bounded dfs: works with --strategy dfs or none given); "
                   "incomplete when the bound cut anything off")
      ->check(CLI::NonNegativeNumber);
  run_cmd
      ->add_option("--pct-depth", run.pct_depth,
                   "pct: bug depth D, D-1 priority change points per execution (default 3)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--max-steps", run.max_steps, "steps per execution before step_bound")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--max-executions", run.max_executions, "stop after N executions")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--time-limit", run.time_limit_s, "stop after SECONDS")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--seed", run.strategy.seed, "seed for random and pct")
      ->capture_default_str();
  run_cmd->add_option("--param", run.params, "scenario parameter KEY=VALUE (repeatable)");
  run_cmd->add_option("--mix", run.mix,
                      "scenario mix: the operation mix to run, as in 'F=- S=1 / F:fault0 | "
                      "truncate1' (README: operation mixes)");
  run_cmd->add_option("--trace-out", run.trace_out, "where to write a counterexample");
  run_cmd->add_flag("--json", run.json, "one JSON object per variant");
  CLI::Option* lockdep_flag =
      run_cmd->add_flag("--lockdep,!--no-lockdep", run.lockdep,
                        "lock-order checking (default: as the scenario declares)");
  CLI::Option* progress_flag = run_cmd->add_flag("--progress,!--no-progress", run.progress,
                    "progress on stderr (default: when stdout is a terminal)");

  ReplayArgs replay;
  auto* replay_cmd = app.add_subcommand("replay", "re-run a trace's schedule and check its events");
  replay_cmd->add_option("TRACE", replay.trace, "trace file written by `mmcheck run`")->required();
  replay_cmd->add_option("--variant", replay.variant, "replay against another variant");
  replay_cmd->add_flag("--verbose", replay.verbose, "print every replayed event");

  ShowArgs show;
  auto* show_cmd = app.add_subcommand("show", "print a trace");
  show_cmd->add_option("TRACE", show.trace, "trace file")->required();
  show_cmd->add_option("--format", show.format, "text, perfetto (Chrome trace JSON) or dot")
      ->check(CLI::IsMember({"text", "perfetto", "dot"}))
      ->capture_default_str();

  RegressArgs regress;
  regress.golden_dir = default_golden_dir();
  auto* regress_cmd = app.add_subcommand(
      "regress", "check every scenario variant against its expectation and replay golden traces");
  regress_cmd->add_option("--junit", regress.junit, "also write JUnit XML to FILE");
  regress_cmd->add_flag("--json", regress.json, "one JSON object per check");
  regress_cmd->add_option("--golden", regress.golden_dir, "folder of golden traces")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();

  // mmcheck sweep and sweep merge (issue 12; README "Sweeps").
  SweepArgs sweep;
  auto* sweep_cmd = app.add_subcommand(
      "sweep", "run every operation mix within bounds on each variant, print the matrix");
  sweep_cmd->add_option("--variant", sweep.variants, "a variant to run (repeatable; default: "
                                                     "before, patch1, after)");
  sweep_cmd->add_option("--threads", sweep.threads, "up to T threads per mix")->capture_default_str();
  sweep_cmd->add_option("--ops-per-thread", sweep.ops_per_thread, "up to K operations per thread")
      ->capture_default_str();
  sweep_cmd->add_option("--mms", sweep.mms, "processes (mms) in the world")->capture_default_str();
  sweep_cmd->add_option("--ptrs", sweep.ptrs, "PTRS_PER_PMD")->capture_default_str();
  sweep_cmd->add_option("--ops", sweep.ops, "the operation alphabet, comma-separated")
      ->capture_default_str();
  sweep_cmd->add_option("--jobs", sweep.jobs, "worker processes")->capture_default_str();
  sweep_cmd->add_option("--shard", sweep.shard, "run only the K-th of N slices of the enumeration");
  sweep_cmd->add_flag("--json", sweep.json, "one JSON line per (mix, variant)");
  sweep_cmd->add_option("--resume", sweep.resume,
                        "journal FILE: skip the runs recorded there, append the new ones");
  sweep_cmd->add_option("--trace-dir", sweep.trace_dir, "where counterexamples go")
      ->capture_default_str();
  sweep_cmd->add_option("--time-limit", sweep.time_limit_s, "seconds per mix and variant (0: none)")
      ->check(CLI::NonNegativeNumber);
  sweep_cmd->add_option("--list", sweep.list, "violating mixes listed per variant (-1: all)")
      ->capture_default_str();
  CLI::Option* sweep_progress = sweep_cmd->add_flag(
      "--progress,!--no-progress", sweep.progress, "progress on stderr (default: on a terminal)");
  SweepMergeArgs merge;
  auto* merge_cmd =
      sweep_cmd->add_subcommand("merge", "combine the --json results of shards into one matrix");
  merge_cmd->add_option("FILES", merge.files, "--json outputs or journals of sweeps")->required();
  merge_cmd->add_flag("--json", merge.json, "the combined JSON lines, smallest mix first");
  merge_cmd->add_option("--list", merge.list, "violating mixes listed per variant (-1: all)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << MMCHECK_VERSION << '\n';
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // Help for a subcommand arrives as CallForHelp too, via app.exit.
    if (e.get_exit_code() == 0) return app.exit(e);
    // An unknown argument before the subcommand fails as "a subcommand is
    // required"; the argument it could not place is the input to name.
    if (!app.remaining().empty() && app.get_subcommands().empty()) {
      std::fprintf(stderr,
                   "mmcheck: The following argument was not expected: %s (see mmcheck --help)\n",
                   app.remaining().front().c_str());
      return kExitBadInput;
    }
    std::fprintf(stderr, "mmcheck: %s (see mmcheck --help)\n", e.what());
    return kExitBadInput;
  }

  try {
    if (*list) return cmd_list(list_json);
    // CLI11 2.1 stores false in an optional<bool> flag that was not given:
    // unset means "as the scenario declares".
    if (lockdep_flag->count() == 0) run.lockdep.reset();
    if (progress_flag->count() == 0) run.progress.reset();
    run.strategy_given = strategy_opt->count() > 0;
    if (*run_cmd) return cmd_run(run);
    if (*replay_cmd) return cmd_replay(replay);
    if (*show_cmd) return cmd_show(show);
    if (*regress_cmd) return cmd_regress(regress);
    if (*merge_cmd) return cmd_sweep_merge(merge);
    if (sweep_progress->count() == 0) sweep.progress.reset();
    if (*sweep_cmd) return cmd_sweep(sweep);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "mmcheck: %s\n", e.message.c_str());
    return kExitBadInput;
  } catch (const TraceError& e) {
    std::fprintf(stderr, "mmcheck: %s\n", e.what());
    return kExitBadInput;
  }
  return kExitBadInput;
}
