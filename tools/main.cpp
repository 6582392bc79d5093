// mmcheck: the command line. See README.md and design/checker.md for the
// contract (subcommands, flags, exit codes).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <limits>
#include <iostream>

#include "tools/cli_flags.hpp"
#include "tools/cli_numbers.hpp"
#include "tools/cli_extension.hpp"
#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "traces/trace_io.hpp"

using namespace mmcheck;

namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();


}  // namespace

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
      ->check(whole_number(0, kInt64Max));
  run_cmd
      ->add_option("--pct-depth", run.pct_depth,
                   "pct: bug depth D, D-1 priority change points per execution (default 3)")
      ->check(whole_number(1, kIntMax));
  run_cmd->add_option("--max-steps", run.max_steps, "steps per execution before step_bound")
      ->check(whole_number(1, kInt64Max));
  run_cmd->add_option("--max-executions", run.max_executions, "stop after N executions")
      ->check(whole_number(1, kInt64Max));
  run_cmd->add_option("--time-limit", run.time_limit_s, "stop after SECONDS")
      ->check(positive_seconds());
  run_cmd->add_option("--seed", run.strategy.seed, "seed for random and pct")
      ->check(unsigned_64())
      ->capture_default_str();
  run_cmd->add_option("--param", run.params, "scenario parameter KEY=VALUE (repeatable)");
  run_cmd->add_option("--mix", run.mix,
                      "scenario mix: the operation mix to run, as in 'F=- S=1 / F:fault0 | "
                      "truncate1' (README: operation mixes)");
  run_cmd->add_option("--trace-out", run.trace_out, "where to write a counterexample");
  run_cmd->add_flag("--json", run.json, "one JSON object per variant");
  run_cmd->add_flag("--no-stop", run.no_stop,
                    "go on past violations: explore everything within the bounds and report "
                    "every violation kind found (the trace is the first violation's)");
  run_cmd->add_option(
      "--checkpoint", run.checkpoint,
      "write the exploration's state to FILE (dfs, dpor; one variant) every "
      "--checkpoint-every seconds and when stopped early, to go on with --resume");
  run_cmd
      ->add_option("--checkpoint-every", run.checkpoint_every_s,
                   "seconds between checkpoints (default: " +
                       std::to_string(kDefaultCheckpointEvery) +
                       "); 0: at every execution boundary")
      ->check(whole_number(0, kInt64Max));
  run_cmd->add_option("--resume", run.resume,
                      "go on from the checkpoint FILE (the same run's arguments; checkpoints "
                      "are then written to FILE unless --checkpoint names another)");
  // Each of a pair is its own flag, so that giving both is refused rather
  // than the last one winning.
  bool lockdep_given = false, no_lockdep_given = false;
  bool progress_given = false, no_progress_given = false;
  CLI::Option* lockdep_on = run_cmd->add_flag(
      "--lockdep", lockdep_given, "lock-order checking (default: as the scenario declares)");
  CLI::Option* lockdep_off =
      run_cmd->add_flag("--no-lockdep", no_lockdep_given, "no lock-order checking");
  CLI::Option* progress_on = run_cmd->add_flag(
      "--progress", progress_given, kProgressHelp);
  CLI::Option* progress_off =
      run_cmd->add_flag("--no-progress", no_progress_given, "no progress on stderr");

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
  show_cmd->add_flag("--relevant", show.relevant,
                     "text, dot: only the steps in the violation's causal past that touch the objects of "
                     "its explanation; elided runs are summarised");
  show_cmd->add_flag("--no-source", show.no_source, "text: leave out each step's function and file:line");

  RegressArgs regress;
  regress.golden_dir = default_golden_dir();
  auto* regress_cmd = app.add_subcommand(
      "regress", "check every scenario variant against its expectation and replay golden traces");
  regress_cmd->add_option("--junit", regress.junit, "also write JUnit XML to FILE");
  regress_cmd->add_flag("--json", regress.json, "one JSON object per check");
  regress_cmd->add_option("--golden", regress.golden_dir, "folder of golden traces")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();

  // Subcommands the executable adds (the mmcheck tool: `sweep`).
  std::vector<std::function<std::optional<int>()>> extension_runs;
  for (const CliExtension& extension : cli_extensions())
    if (extension.add_commands) extension_runs.push_back(extension.add_commands(app));

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
    // Unset means "as the scenario declares" (lockdep) or "when stdout is a
    // terminal" (progress).
    run.lockdep = flag_pair(lockdep_on, lockdep_off);
    run.progress = flag_pair(progress_on, progress_off);
    run.strategy_given = strategy_opt->count() > 0;
    if (*run_cmd) return cmd_run(run);
    if (*replay_cmd) return cmd_replay(replay);
    if (*show_cmd) return cmd_show(show);
    if (*regress_cmd) return cmd_regress(regress);
    for (const auto& run_extension : extension_runs)
      if (auto code = run_extension()) return *code;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "mmcheck: %s\n", e.message.c_str());
    return kExitBadInput;
  } catch (const TraceError& e) {
    std::fprintf(stderr, "mmcheck: %s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    // Nothing should get here; if something does, one sentence, no abort.
    std::fprintf(stderr, "mmcheck: internal error: %s\n", e.what());
    return kExitBadInput;
  }
  return kExitBadInput;
}
