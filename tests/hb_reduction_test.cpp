// The dot view's happens-before reduction (issue 17): on random DAGs the
// reduced graph orders exactly the pairs the original orders (restricted to
// the shown steps), and no kept edge other than a thread's chain is implied
// by the others.
#include <gtest/gtest.h>

#include <set>

#include "tools/hb_reduction.hpp"

namespace mmcheck::testing {
namespace {

using Reach = std::vector<std::set<long>>;

// Every step reachable from each step (itself excluded), by plain search.
Reach reachability(long n, const std::vector<std::pair<long, long>>& edges) {
  Reach reach(static_cast<std::size_t>(n));
  for (long u = n - 1; u >= 0; --u) {
    for (const auto& [a, b] : edges) {
      if (a != u) continue;
      reach[static_cast<std::size_t>(u)].insert(b);
      reach[static_cast<std::size_t>(u)].insert(reach[static_cast<std::size_t>(b)].begin(),
                                                reach[static_cast<std::size_t>(b)].end());
    }
  }
  return reach;
}

TEST(HbReduction, ADiamondLosesItsShortcutAndKeepsTheChain) {
  // Thread 0: 0 -> 2; thread 1: 1 -> 3; conflicts 0 -> 1, 1 -> 2, 0 -> 3.
  const std::vector<DependencyEdge> edges{
      {0, 2, true, ""}, {1, 3, true, ""}, {0, 1, false, "x"}, {1, 2, false, "y"}, {0, 3, false, "z"}};
  const auto out = reduced_edges(edges, {true, true, true, true}, {0, 1, 0, 1});
  std::set<std::pair<long, long>> kept;
  for (const auto& e : out) kept.insert({e.from, e.to});
  // 0 -> 3 is implied by 0 -> 1 -> 3; 0 -> 2 is implied too but is thread 0's chain.
  EXPECT_EQ(kept, (std::set<std::pair<long, long>>{{0, 1}, {0, 2}, {1, 2}, {1, 3}}));
  for (const auto& e : out) {
    if (e.from == 0 && e.to == 1) {
      EXPECT_EQ(e.object, "x");
    }
  }
}

TEST(HbReduction, RandomGraphsKeepTheirOrderAndLoseEveryImpliedEdge) {
  unsigned seed = 7;
  const auto next = [&seed](long n) {
    seed = seed * 1103515245u + 12345u;
    return static_cast<long>((seed >> 16) % static_cast<unsigned>(n));
  };
  for (int round = 0; round < 300; ++round) {
    const long n = 2 + next(18);
    const int threads = 1 + static_cast<int>(next(3));
    std::vector<int> thread(static_cast<std::size_t>(n));
    for (auto& t : thread) t = static_cast<int>(next(threads));
    std::vector<DependencyEdge> edges;
    std::vector<std::pair<long, long>> plain;
    std::vector<long> last(static_cast<std::size_t>(threads), -1);
    for (long s = 0; s < n; ++s) {
      const int t = thread[static_cast<std::size_t>(s)];
      if (last[static_cast<std::size_t>(t)] >= 0) {
        edges.push_back({last[static_cast<std::size_t>(t)], s, true, ""});
        plain.push_back({last[static_cast<std::size_t>(t)], s});
      }
      last[static_cast<std::size_t>(t)] = s;
      for (long u = 0; u < s; ++u) {
        if (thread[static_cast<std::size_t>(u)] != t && next(4) == 0) {
          edges.push_back({u, s, false, "o"});
          plain.push_back({u, s});
        }
      }
    }
    std::vector<bool> shown(static_cast<std::size_t>(n));
    for (auto&& b : shown) b = next(3) != 0;
    const Reach full = reachability(n, plain);
    const auto out = reduced_edges(edges, shown, thread);
    std::vector<std::pair<long, long>> kept;
    for (const auto& e : out) {
      ASSERT_TRUE(shown[static_cast<std::size_t>(e.from)] && shown[static_cast<std::size_t>(e.to)]);
      kept.push_back({e.from, e.to});
    }
    const Reach reduced = reachability(n, kept);
    for (long u = 0; u < n; ++u) {
      if (!shown[static_cast<std::size_t>(u)]) continue;
      for (long v = u + 1; v < n; ++v) {
        if (!shown[static_cast<std::size_t>(v)]) continue;
        EXPECT_EQ(full[static_cast<std::size_t>(u)].count(v), reduced[static_cast<std::size_t>(u)].count(v))
            << "round " << round << ": " << u << " -> " << v;
      }
    }
    // Minimal but for the chains: dropping a kept cross edge loses an order.
    for (std::size_t i = 0; i < kept.size(); ++i) {
      if (thread[static_cast<std::size_t>(kept[i].first)] == thread[static_cast<std::size_t>(kept[i].second)])
        continue;
      auto others = kept;
      others.erase(others.begin() + static_cast<long>(i));
      EXPECT_EQ(reachability(n, others)[static_cast<std::size_t>(kept[i].first)].count(kept[i].second), 0u)
          << "round " << round << ": kept " << kept[i].first << " -> " << kept[i].second << " is implied";
    }
  }
}

}  // namespace
}  // namespace mmcheck::testing
