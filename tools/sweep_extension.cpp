// The mmcheck tool's own part of the command line: `sweep` and `sweep merge`
// over the hugetlb model, and the small sweep `regress` checks against
// traces/sweeps/regress.json (issue 12). Compiled into the mmcheck
// executable itself, so that its registration is never dropped by the linker.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "tools/cli_extension.hpp"
#include "tools/cli_flags.hpp"
#include "tools/cmd_sweep.hpp"
#include "tools/regress_sweep.hpp"

namespace mmcheck {
namespace {

std::function<std::optional<int>()> add_sweep_commands(CLI::App& app) {
  // The parsed arguments live as long as the process: main() runs the
  // command after parsing.
  static SweepArgs sweep;
  static SweepMergeArgs merge;
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
  static bool progress_given = false, no_progress_given = false;
  CLI::Option* progress_on = sweep_cmd->add_flag("--progress", progress_given, kProgressHelp);
  CLI::Option* progress_off = sweep_cmd->add_flag("--no-progress", no_progress_given, "no progress on stderr");
  auto* merge_cmd =
      sweep_cmd->add_subcommand("merge", "combine the --json results of shards into one matrix");
  merge_cmd->add_option("FILES", merge.files, "--json outputs or journals of sweeps")->required();
  merge_cmd->add_flag("--json", merge.json, "the combined JSON lines, smallest mix first");
  merge_cmd->add_option("--list", merge.list, "violating mixes listed per variant (-1: all)");

  return [=]() -> std::optional<int> {
    if (*merge_cmd) return cmd_sweep_merge(merge);
    sweep.progress = flag_pair(progress_on, progress_off);
    if (*sweep_cmd) return cmd_sweep(sweep);
    return std::nullopt;
  };
}

std::vector<JunitCase> regress_sweep_checks(const std::string& golden_dir, bool json) {
  const std::string expectations = golden_dir + "/../sweeps/regress.json";
  if (!std::filesystem::exists(expectations)) return {};
  std::vector<JunitCase> cases = check_regress_sweep(expectations, !json);
  if (json)
    for (const JunitCase& c : cases)
      std::cout << nlohmann::json{{"format", "mmcheck-regress-sweep"},
                                  {"version", 1},
                                  {"variant", c.name},
                                  {"passed", c.passed},
                                  {"failure", c.passed ? nlohmann::json(nullptr)
                                                       : nlohmann::json(c.failure)}}
                       .dump()
                << std::endl;
  return cases;
}

const bool registered = register_cli_extension({add_sweep_commands, regress_sweep_checks});

}  // namespace
}  // namespace mmcheck
