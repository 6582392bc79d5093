// The enumeration of operation mixes within bounds (see mix_enumerate.hpp).
// Lock order: none (no model code runs here).
#include "scenarios/hugetlb/mix_enumerate.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace mmcheck::scenarios::hugetlb {
namespace {

constexpr MixOpKind kAllKinds[] = {MixOpKind::fault,   MixOpKind::exit,    MixOpKind::truncate,
                                   MixOpKind::punch,   MixOpKind::memfail, MixOpKind::migrate};

// Every instance of the alphabet's operations in a window of b.ptrs pages.
// truncate: to every smaller size (growing needs an earlier shrink to mean
// anything; write it by hand with `run mix`).
std::vector<MixOp> op_instances(const SweepBounds& b) {
  std::vector<MixOp> ops;
  for (MixOpKind k : b.ops) {
    switch (k) {
      case MixOpKind::exit: ops.push_back({k, 0, 0}); break;
      case MixOpKind::punch:
        for (int s = 0; s < b.ptrs; ++s)
          for (int e = s + 1; e <= b.ptrs; ++e) ops.push_back({k, s, e});
        break;
      default:
        for (int i = 0; i < b.ptrs; ++i) ops.push_back({k, i, 0});
    }
  }
  return ops;
}

// Every thread program: a sequence of 1..K operations, in each mm if it
// has a fault or an exit, else in none.
std::vector<MixThread> programs(const SweepBounds& b) {
  const std::vector<MixOp> ops = op_instances(b);
  std::vector<MixThread> out;
  std::vector<std::vector<MixOp>> seqs{{}};
  for (int len = 1; len <= b.ops_per_thread; ++len) {
    std::vector<std::vector<MixOp>> longer;
    for (const auto& s : seqs)
      for (const MixOp& op : ops) {
        longer.push_back(s);
        longer.back().push_back(op);
      }
    seqs = std::move(longer);
    for (const auto& s : seqs) {
      const bool in_mm = std::any_of(s.begin(), s.end(), [](const MixOp& o) { return op_needs_mm(o.kind); });
      if (!in_mm) {
        out.push_back(MixThread{-1, s});
        continue;
      }
      for (int m = 0; m < b.mms; ++m) out.push_back(MixThread{m, s});
    }
  }
  return out;
}

// Calls f(indices) for every tuple of n indices below size: ordered tuples,
// or (sorted) non-decreasing ones.
template <class F>
void tuples(int n, int size, bool sorted, F&& f) {
  std::vector<int> ix(n, 0);
  for (;;) {
    f(ix);
    int i = n - 1;
    while (i >= 0 && ix[i] == size - 1) --i;
    if (i < 0) return;
    ++ix[i];
    for (int j = i + 1; j < n; ++j) ix[j] = sorted ? ix[i] : 0;
  }
}

}  // namespace

std::vector<MixOpKind> parse_op_list(const std::string& list) {
  std::vector<MixOpKind> ops;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string name = list.substr(start, comma - start);
    bool found = false;
    for (MixOpKind k : kAllKinds)
      if (name == op_name(k)) {
        if (std::find(ops.begin(), ops.end(), k) == ops.end()) ops.push_back(k);
        found = true;
      }
    if (!found)
      throw MixError("--ops '" + list + "': '" + name +
                     "' is not an operation; allowed: fault, exit, truncate, punch, memfail, migrate");
    start = comma + 1;
  }
  std::sort(ops.begin(), ops.end());
  return ops;
}

std::string op_list_text(const std::vector<MixOpKind>& ops) {
  std::string s;
  for (MixOpKind k : ops) s += (s.empty() ? "" : ",") + std::string(op_name(k));
  return s;
}

void check_bounds(const SweepBounds& b) {
  const auto range = [](const char* what, int v, int lo, int hi) {
    if (v < lo || v > hi)
      throw MixError(std::string(what) + " " + std::to_string(v) + " is out of range; allowed: " +
                     std::to_string(lo) + ".." + std::to_string(hi));
  };
  range("--threads", b.threads, 1, 4);
  range("--ops-per-thread", b.ops_per_thread, 1, 3);
  range("--mms", b.mms, 1, kMixMaxMms);
  range("--ptrs", b.ptrs, kMixMinPtrs, kMixMaxPtrs);
  if (b.ops.empty()) throw MixError("--ops names no operation");
}

Enumeration enumerate_mixes(const SweepBounds& b, bool reduce) {
  check_bounds(b);
  Enumeration e;
  const std::vector<MixThread> progs = programs(b);
  const int worlds_per_mm = 1 << b.ptrs;
  std::set<std::string> kept;
  tuples(b.mms, worlds_per_mm, false, [&](const std::vector<int>& w) {
    for (int t = 1; t <= b.threads; ++t) {
      tuples(t, static_cast<int>(progs.size()), reduce, [&](const std::vector<int>& ix) {
        ++e.candidates;
        Mix m;
        m.ptrs = b.ptrs;
        for (int f : w) m.faulted.push_back(static_cast<unsigned>(f));
        for (int i : ix) m.threads.push_back(progs[i]);
        if (why_cannot_run(m)) {
          ++e.pruned;
          return;
        }
        if (reduce) {
          std::sort(m.threads.begin(), m.threads.end(), [](const MixThread& x, const MixThread& y) {
            return thread_text(x) < thread_text(y);
          });
          if (to_text(canonical(m)) != to_text(m) || !kept.insert(to_text(m)).second) {
            ++e.duplicates;
            return;
          }
        }
        e.mixes.push_back(std::move(m));
      });
    }
  });
  std::stable_sort(e.mixes.begin(), e.mixes.end(), [](const Mix& x, const Mix& y) {
    return std::make_tuple(total_ops(x), x.threads.size(), to_text(x)) <
           std::make_tuple(total_ops(y), y.threads.size(), to_text(y));
  });
  return e;
}

}  // namespace mmcheck::scenarios::hugetlb
