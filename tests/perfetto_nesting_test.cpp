// The Perfetto export (issue 17): on every track the lock-hold slices nest
// or are disjoint, as Perfetto's trace-event importer requires, for every
// golden trace; no hold is lost; every track is named.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tools/perfetto_tracks.hpp"
#include "tools/show.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck::testing {
namespace {

// Pairwise, independent of the greedy code under test.
bool pairwise_nested(const std::vector<Slice>& slices) {
  for (std::size_t i = 0; i < slices.size(); ++i) {
    for (std::size_t j = i + 1; j < slices.size(); ++j) {
      const long a0 = slices[i].ts, a1 = a0 + slices[i].dur;
      const long b0 = slices[j].ts, b1 = b0 + slices[j].dur;
      const bool disjoint = a1 <= b0 || b1 <= a0;
      const bool a_in_b = b0 <= a0 && a1 <= b1;
      const bool b_in_a = a0 <= b0 && b1 <= a1;
      if (!disjoint && !a_in_b && !b_in_a) return false;
    }
  }
  return true;
}

TEST(PerfettoTracks, OverlappingHoldsGoToTwoLayersAndNestedOnesShareOne) {
  // cow_unmap_ref_private's pmd0.ptl 100+80 against page0.PG_locked 120+160.
  EXPECT_EQ(nesting_layers({{100, 80}, {120, 160}}), (std::vector<int>{0, 1}));
  EXPECT_EQ(nesting_layers({{0, 100}, {10, 20}, {40, 10}, {100, 5}}), (std::vector<int>{0, 0, 0, 0}));
  // A chain of overlaps, each overlapping the one before: two layers do.
  EXPECT_EQ(nesting_layers({{0, 10}, {5, 10}, {12, 10}, {20, 10}}), (std::vector<int>{0, 1, 0, 1}));
  EXPECT_FALSE(slices_nest({{100, 80}, {120, 160}}));
  EXPECT_TRUE(slices_nest({{0, 10}, {10, 10}}));
}

TEST(PerfettoTracks, RandomHoldsAreSpreadSoThatEveryLayerNests) {
  unsigned seed = 12345;
  const auto next = [&seed](long n) {
    seed = seed * 1103515245u + 12345u;
    return static_cast<long>((seed >> 16) % static_cast<unsigned>(n));
  };
  for (int round = 0; round < 500; ++round) {
    std::vector<Slice> slices;
    const long count = 1 + next(12);
    for (long k = 0; k < count; ++k) slices.push_back({next(50), 1 + next(30)});
    const std::vector<int> layer = nesting_layers(slices);
    std::map<int, std::vector<Slice>> by_layer;
    for (std::size_t k = 0; k < slices.size(); ++k) by_layer[layer[k]].push_back(slices[k]);
    for (const auto& [l, mine] : by_layer) {
      EXPECT_TRUE(pairwise_nested(mine)) << "round " << round << " layer " << l;
      EXPECT_EQ(slices_nest(mine), true);
    }
    EXPECT_EQ(slices_nest(slices), pairwise_nested(slices)) << "round " << round;
  }
}

TEST(PerfettoExport, EveryGoldenTraceHasNestedSlicesOnEachTrackAndKeepsEveryHold) {
  const std::filesystem::path golden = std::filesystem::path(MMCHECK_SOURCE_DIR) / "traces" / "golden";
  int traces = 0;
  int split = 0;
  for (const auto& entry : std::filesystem::directory_iterator(golden)) {
    if (entry.path().extension() != ".json") continue;
    ++traces;
    const TraceFile trace = read_trace(entry.path().string());
    const nlohmann::json out = show_perfetto(trace.document);
    std::map<long, std::vector<Slice>> by_track;
    std::set<long> named;
    std::size_t slices = 0;
    for (const auto& e : out["traceEvents"]) {
      if (e["ph"] == "M" && e["name"] == "thread_name") named.insert(e["tid"].get<long>());
      if (e["ph"] != "X") continue;
      ++slices;
      by_track[e["tid"].get<long>()].push_back({e["ts"].get<long>(), e["dur"].get<long>()});
    }
    EXPECT_EQ(slices, lock_holds(trace.document["events"]).size()) << entry.path();
    for (const auto& [tid, mine] : by_track) {
      EXPECT_TRUE(pairwise_nested(mine)) << entry.path() << " track " << tid;
      EXPECT_TRUE(named.count(tid)) << entry.path() << " track " << tid << " has no name";
    }
    if (by_track.size() > trace.document["threads"].size()) ++split;
  }
  EXPECT_GE(traces, 10);
  // cow_unmap_ref_private's overlapping holds need an extra track at least.
  EXPECT_GE(split, 1);
}

}  // namespace
}  // namespace mmcheck::testing
