#include "tools/hb_reduction.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

namespace mmcheck {
namespace {

class Bits {
 public:
  explicit Bits(std::size_t n) : words_((n + 63) / 64, 0) {}
  void set(std::size_t i) { words_[i / 64] |= std::uint64_t{1} << (i % 64); }
  bool test(std::size_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }
  void merge(const Bits& o) {
    for (std::size_t w = 0; w < words_.size(); ++w) words_[w] |= o.words_[w];
  }

 private:
  std::vector<std::uint64_t> words_;
};

}  // namespace

std::vector<HbEdge> reduced_edges(const std::vector<DependencyEdge>& edges, const std::vector<bool>& shown,
                                  const std::vector<int>& thread) {
  const long n = static_cast<long>(shown.size());
  std::vector<std::vector<long>> succ(static_cast<std::size_t>(n));
  std::map<std::pair<long, long>, std::string> direct;  // conflict edges and their objects
  for (const DependencyEdge& d : edges) {
    if (d.from < 0 || d.to >= n || d.from >= d.to) continue;
    succ[static_cast<std::size_t>(d.from)].push_back(d.to);
    if (!d.program_order) direct.emplace(std::pair{d.from, d.to}, d.object);
  }
  // Shown steps get dense indices; each one's successors in the projected
  // graph are the shown steps reachable through unshown ones only.
  std::vector<long> index(static_cast<std::size_t>(n), -1);
  std::vector<long> steps;
  for (long s = 0; s < n; ++s) {
    if (shown[static_cast<std::size_t>(s)]) {
      index[static_cast<std::size_t>(s)] = static_cast<long>(steps.size());
      steps.push_back(s);
    }
  }
  std::vector<std::vector<long>> projected(steps.size());
  std::vector<long> seen(static_cast<std::size_t>(n), -1);
  for (std::size_t k = 0; k < steps.size(); ++k) {
    std::vector<long> work(succ[static_cast<std::size_t>(steps[k])]);
    while (!work.empty()) {
      const long s = work.back();
      work.pop_back();
      if (seen[static_cast<std::size_t>(s)] == static_cast<long>(k)) continue;
      seen[static_cast<std::size_t>(s)] = static_cast<long>(k);
      if (shown[static_cast<std::size_t>(s)]) {
        projected[k].push_back(s);
      } else {
        for (const long t : succ[static_cast<std::size_t>(s)]) work.push_back(t);
      }
    }
    std::sort(projected[k].begin(), projected[k].end());
  }
  const auto edge = [&](long u, long v) {
    HbEdge e{u, v, thread[static_cast<std::size_t>(u)] == thread[static_cast<std::size_t>(v)], "", 0};
    if (const auto it = direct.find({u, v}); it != direct.end()) e.object = it->second;
    if (e.program_order) {
      for (long s = u + 1; s < v; ++s) e.skipped += thread[static_cast<std::size_t>(s)] == thread[static_cast<std::size_t>(u)];
    }
    return e;
  };
  std::vector<HbEdge> out;
  const bool reduce = static_cast<long>(steps.size()) <= kMaxReducedSteps;
  // Reachability over the projected graph, latest step first; a candidate
  // already reachable through an earlier kept successor is implied.
  std::vector<Bits> reach;
  if (reduce) reach.assign(steps.size(), Bits(steps.size()));
  // Each shown step's next shown step of the same thread: the chain kept.
  std::vector<long> next_of_thread(steps.size(), -1);
  std::map<int, std::size_t> last_shown;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const int t = thread[static_cast<std::size_t>(steps[k])];
    if (const auto it = last_shown.find(t); it != last_shown.end()) next_of_thread[it->second] = steps[k];
    last_shown[t] = k;
  }
  for (std::size_t k = steps.size(); k-- > 0;) {
    std::vector<HbEdge> mine;
    for (const long v : projected[k]) {
      const auto vk = static_cast<std::size_t>(index[static_cast<std::size_t>(v)]);
      const HbEdge e = edge(steps[k], v);
      if (reduce && reach[k].test(vk)) {
        if (v == next_of_thread[k]) mine.push_back(e);
        continue;
      }
      mine.push_back(e);
      if (reduce) {
        reach[k].set(vk);
        reach[k].merge(reach[vk]);
      }
    }
    out.insert(out.end(), mine.begin(), mine.end());
  }
  std::sort(out.begin(), out.end(), [](const HbEdge& a, const HbEdge& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  return out;
}

}  // namespace mmcheck
