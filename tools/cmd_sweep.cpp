// mmcheck sweep: every operation mix within bounds, on each variant, to a
// verdict with dpor; and `sweep merge`, which combines shard results. See
// README ("Sweeps") for the contract, scenarios/hugetlb/mix_enumerate.hpp
// for the enumeration, tools/sweep_pool.hpp for the worker processes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "checker/engine/scenario.hpp"
#include "model/state.hpp"
#include "scenarios/hugetlb/mix_enumerate.hpp"
#include "tools/cmd_sweep.hpp"
#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "tools/progress.hpp"
#include "tools/sweep_pool.hpp"
#include "tools/sweep_results.hpp"

namespace mmcheck {
namespace {

using namespace scenarios::hugetlb;

struct Shard {
  long k = 1, n = 1;
};

Shard parse_shard(const std::optional<std::string>& text) {
  Shard s;
  if (!text) return s;
  const auto slash = text->find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t used = 0;
    s.k = std::stol(text->substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("junk");
    s.n = std::stol(text->substr(slash + 1), &used);
    if (used != text->size() - slash - 1) throw std::invalid_argument("junk");
  } catch (const std::exception&) {
    throw UsageError{"--shard '" + *text + "' is not K/N (as in --shard 2/8)"};
  }
  if (s.n < 1 || s.k < 1 || s.k > s.n)
    throw UsageError{"--shard " + *text + " is out of range: it needs 1 <= K <= N"};
  return s;
}

int exit_code(const SweepTotals& t, bool stopped) {
  if (t.violations > 0) return kExitViolation;
  if (t.incomplete > 0 || stopped) return kExitIncomplete;
  return kExitOk;
}

std::vector<std::string> sweep_tasks_variants(const SweepArgs& args, const SweepBounds& b) {
  std::vector<std::string> variants = args.variants;
  if (variants.empty()) variants = model::hugetlb_variants();
  const ScenarioSpec* spec = find_scenario("mix");
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (const std::string& v : variants) {
    if (!spec->has_variant(v))
      throw UsageError{"--variant '" + v + "' is not a variant of the model; its variants: before, "
                       "patch1, after, v5.11, naive, v5.0-rc1, reverted, v6.1"};
    Mix probe;  // a mix with every kind of the alphabet, to ask the variant
    probe.ptrs = b.ptrs;
    probe.faulted = {1};
    probe.threads.push_back(MixThread{-1, {}});
    for (MixOpKind k : b.ops) probe.threads.back().ops.push_back(MixOp{k, 0, 1});
    if (auto why = why_variant_refuses(probe, *model::variant_switches(v)))
      throw UsageError{"--ops " + op_list_text(b.ops) + " on variant " + v + ": " + *why};
    if (seen.insert(v).second) out.push_back(v);
  }
  return out;
}

}  // namespace

int cmd_sweep(const SweepArgs& args) {
  SweepBounds b;
  b.threads = args.threads;
  b.ops_per_thread = args.ops_per_thread;
  b.mms = args.mms;
  b.ptrs = args.ptrs;
  Enumeration e;
  try {
    b.ops = parse_op_list(args.ops);
    check_bounds(b);
  } catch (const MixError& err) {
    throw UsageError{err.what()};
  }
  const std::vector<std::string> variants = sweep_tasks_variants(args, b);
  if (args.jobs < 1) throw UsageError{"--jobs " + std::to_string(args.jobs) + " must be at least 1"};
  const Shard shard = parse_shard(args.shard);
  const auto t0 = std::chrono::steady_clock::now();
  e = enumerate_mixes(b, true);

  // This run's scope: the shard's mixes (round robin over the enumeration,
  // so every shard gets small and large ones) on every variant.
  std::vector<SweepTask> scope;
  std::set<std::string> scope_keys;
  long scope_mixes = 0;
  for (std::size_t i = 0; i < e.mixes.size(); ++i) {
    if (static_cast<long>(i % shard.n) != shard.k - 1) continue;
    ++scope_mixes;
    for (const std::string& v : variants) {
      scope.push_back(SweepTask{to_text(e.mixes[i]), v});
      scope_keys.insert(scope.back().mix + "\t" + v);
    }
  }

  std::vector<SweepRecord> records;
  std::set<std::string> done;
  std::FILE* journal = nullptr;
  if (args.resume) {
    const Journal j = read_journal(*args.resume, false);
    for (const SweepRecord& r : j.records)
      if (scope_keys.count(r.key()) && done.insert(r.key()).second) records.push_back(r);
    std::error_code ec;
    // Drop a torn last line (the sweep was killed while writing it).
    if (std::filesystem::exists(*args.resume, ec))
      std::filesystem::resize_file(*args.resume, static_cast<std::uintmax_t>(j.valid_bytes), ec);
    journal = std::fopen(args.resume->c_str(), "a");
    if (journal == nullptr)
      throw UsageError{"cannot append to the journal " + *args.resume + ": not writable"};
  }
  std::vector<SweepTask> tasks;
  for (const SweepTask& t : scope)
    if (!done.count(t.mix + "\t" + t.variant)) tasks.push_back(t);

  const bool progress = progress_wanted(args.progress);
  long executions = 0;
  const std::size_t already = records.size();
  const auto on_result = [&](const SweepRecord& r) {
    records.push_back(r);
    executions += r.executions;
    const std::string line = sweep_line(r).dump() + "\n";
    if (journal) {
      std::fputs(line.c_str(), journal);
      std::fflush(journal);  // in the kernel's hands: a SIGKILL loses nothing written
    }
    if (args.json) {
      if (progress) clear_progress();
      std::fputs(line.c_str(), stdout);
      std::fflush(stdout);
    }
  };
  const auto on_idle = [&] {
    if (!progress) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::size_t ran = records.size() - already;
    std::fprintf(stderr, "\r\033[Ksweep: %zu/%zu runs, %ld executions (%.0f/s), %.1fs", records.size(),
                 scope.size(), executions, s > 0 ? executions / s : 0.0, s);
    if (ran > 0 && ran < tasks.size())
      std::fprintf(stderr, ", ~%.0fs left", s * static_cast<double>(tasks.size() - ran) / static_cast<double>(ran));
    std::fflush(stderr);
  };
  SweepRunOptions ro;
  ro.trace_dir = args.trace_dir;
  ro.time_limit_s = args.time_limit_s;
  const PoolOutcome outcome = run_sweep_pool(tasks, args.jobs, ro, on_result, on_idle);
  if (progress) clear_progress();
  if (journal) std::fclose(journal);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const SweepTotals totals = sweep_totals(records);
  if (!args.json) {
    std::printf("sweep: threads <= %d, ops/thread <= %d, mms %d, ptrs %d, ops %s; %ld mixes "
                "(%ld generated, %ld cannot run, %ld equal up to symmetry)",
                b.threads, b.ops_per_thread, b.mms, b.ptrs, op_list_text(b.ops).c_str(),
                static_cast<long>(e.mixes.size()), e.candidates, e.pruned, e.duplicates);
    if (shard.n > 1) std::printf(", shard %ld/%ld: %ld mixes", shard.k, shard.n, scope_mixes);
    std::printf("; %zu runs (%zu resumed), --jobs %d, %.1f s\n", scope.size(), already, args.jobs, wall);
    print_sweep_matrix(records, args.list);
  }
  if (outcome.stopped_by_signal)
    std::fprintf(stderr, "mmcheck: sweep stopped by a signal after %zu of %zu runs\n", records.size(),
                 scope.size());
  return exit_code(totals, outcome.stopped_by_signal || records.size() < scope.size());
}

int cmd_sweep_merge(const SweepMergeArgs& args) {
  std::vector<SweepRecord> records;
  std::set<std::string> seen;
  for (const std::string& f : args.files)
    for (const SweepRecord& r : read_journal(f, true).records)
      if (seen.insert(r.key()).second) records.push_back(r);
  std::sort(records.begin(), records.end(), sweep_order);
  if (args.json) {
    for (const SweepRecord& r : records) std::cout << sweep_line(r).dump() << '\n';
  } else {
    std::printf("sweep merge: %zu files, %zu runs\n", args.files.size(), records.size());
    print_sweep_matrix(records, args.list);
  }
  return exit_code(sweep_totals(records), false);
}

}  // namespace mmcheck
