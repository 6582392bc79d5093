// Wakeup trees (checker/explore/dpor/dpor_wakeup.hpp): weak initials, what an insertion
// takes as already covered, choose() siblings, tentative branches, and that
// nodes come back to the pool.
#include <gtest/gtest.h>

#include <vector>

#include "checker/explore/dpor/dpor.hpp"
#include "checker/explore/dpor/dpor_wakeup.hpp"
#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck {
namespace {

SeqEvent read(ThreadId t, ObjectId o) { return SeqEvent{.thread = t, .access = {.object = o}}; }
SeqEvent write(ThreadId t, ObjectId o) {
  return SeqEvent{.thread = t, .access = {.object = o, .write = true}};
}

// The branches of a tree, as the threads along each, first to last.
std::vector<std::vector<ThreadId>> branches(WakeupForest f, WakeupForest::Ref r) {
  std::vector<std::vector<ThreadId>> out;
  while (const SeqEvent* first = f.first(r)) {
    const ThreadId t = first->thread;
    const WakeupForest::Ref c = f.pop_thread(r, t);
    const auto below = branches(f, c);
    if (below.empty()) out.push_back({t});
    for (const auto& rest : below) {
      out.push_back({t});
      out.back().insert(out.back().end(), rest.begin(), rest.end());
    }
  }
  return out;
}

TEST(WeakInitial, FirstEventWithoutDependentPredecessor) {
  const std::vector<SeqEvent> v = {write(0, 1), read(1, 2), read(2, 1)};
  EXPECT_TRUE(weak_initial(v, 0, v[0]));
  EXPECT_TRUE(weak_initial(v, 1, v[1]));   // reads another object
  EXPECT_FALSE(weak_initial(v, 2, v[2]));  // reads what thread 0 wrote
}

TEST(WeakInitial, AbsentThreadWhoseNextEventCommutesWithAll) {
  const std::vector<SeqEvent> v = {write(0, 1), read(1, 2)};
  EXPECT_TRUE(weak_initial(v, 3, read(3, 2)));    // read-read
  EXPECT_FALSE(weak_initial(v, 3, read(3, 1)));   // reads a write of v
  EXPECT_FALSE(weak_initial(v, 3, write(3, 2)));  // writes what v reads
  SeqEvent unknown{.thread = 3, .unknown = true};
  EXPECT_FALSE(weak_initial(v, 3, unknown));
}

TEST(WeakInitial, SpawnOrdersTheChild) {
  const std::vector<SeqEvent> v = {SeqEvent{.thread = 0, .spawned = 1}, read(1, 5)};
  EXPECT_FALSE(weak_initial(v, 1, v[1]));
}

TEST(WakeupForest, AnEquivalentSequenceIsCovered) {
  WakeupForest f;
  std::vector<SeqEvent> scratch;
  const WakeupForest::Ref root = f.make();
  f.insert(root, std::vector<SeqEvent>{read(0, 1), write(1, 2)}, scratch);
  // The same two independent events the other way round: same trace.
  f.insert(root, std::vector<SeqEvent>{write(1, 2), read(0, 1)}, scratch);
  EXPECT_EQ(branches(f, root), (std::vector<std::vector<ThreadId>>{{0, 1}}));
}

TEST(WakeupForest, ALeafThatCommutesWithTheSequenceCoversIt) {
  WakeupForest f;
  std::vector<SeqEvent> scratch;
  const WakeupForest::Ref root = f.make();
  f.insert(root, std::vector<SeqEvent>{read(0, 1)}, scratch);
  // Thread 0's read commutes with everything here: exploring it first
  // leaves this sequence to be explored below it.
  f.insert(root, std::vector<SeqEvent>{write(1, 2), write(2, 2)}, scratch);
  EXPECT_EQ(branches(f, root), (std::vector<std::vector<ThreadId>>{{0}}));
}

TEST(WakeupForest, ADependentSequenceIsANewBranch) {
  WakeupForest f;
  std::vector<SeqEvent> scratch;
  const WakeupForest::Ref root = f.make();
  f.insert(root, std::vector<SeqEvent>{read(0, 1)}, scratch);
  f.insert(root, std::vector<SeqEvent>{write(1, 1)}, scratch);
  EXPECT_EQ(branches(f, root), (std::vector<std::vector<ThreadId>>{{0}, {1}}));
}

TEST(WakeupForest, ChooseValuesAreSiblingsOfOneThread) {
  WakeupForest f;
  std::vector<SeqEvent> scratch;
  const WakeupForest::Ref root = f.make();
  SeqEvent zero{.thread = 0, .value = 0};
  SeqEvent one{.thread = 0, .value = 1};
  f.insert(root, std::vector<SeqEvent>{zero, write(0, 1)}, scratch);
  f.insert(root, std::vector<SeqEvent>{one, write(0, 1)}, scratch);
  EXPECT_EQ(f.first_value_of(root, 0), 0);
  const WakeupForest::Ref a = f.pop_thread(root, 0);
  const WakeupForest::Ref b = f.pop_thread(root, 0);
  ASSERT_NE(b, WakeupForest::kNone);
  EXPECT_EQ(f.event(a).value, 0);
  EXPECT_EQ(f.event(b).value, 1);
}

// A tentative event (an await reversed, which may not be able to run)
// covers nothing as a leaf: what would be absorbed goes below it, so that
// it survives if the state passes the await over (DporStrategy::take_branch).
TEST(WakeupForest, ATentativeLeafKeepsWhatComesAfterIt) {
  WakeupForest f;
  std::vector<SeqEvent> scratch;
  const WakeupForest::Ref root = f.make();
  SeqEvent maybe = read(0, 1);
  maybe.tentative = true;
  f.insert(root, std::vector<SeqEvent>{maybe}, scratch);
  f.insert(root, std::vector<SeqEvent>{write(1, 2)}, scratch);
  EXPECT_EQ(branches(f, root), (std::vector<std::vector<ThreadId>>{{0, 1}}));
}

// A sequence that a tentative branch's thread can start goes into that
// branch, not into a later one: the later one is explored with that thread
// asleep, and a sleeper that could start the sequence keeps it from being
// explored there (seed 8018363).
TEST(WakeupForest, ATentativeBranchTakesWhatItsThreadCanStart) {
  WakeupForest f;
  std::vector<SeqEvent> scratch;
  const WakeupForest::Ref root = f.make();
  SeqEvent maybe = read(0, 1);
  maybe.tentative = true;
  f.insert(root, std::vector<SeqEvent>{maybe}, scratch);
  f.insert(root, std::vector<SeqEvent>{write(1, 1), read(1, 2)}, scratch);
  // Thread 0's event comes first and thread 1's read commutes with it.
  f.insert(root, std::vector<SeqEvent>{maybe, read(1, 2), write(2, 1)}, scratch);
  EXPECT_EQ(branches(f, root), (std::vector<std::vector<ThreadId>>{{0, 1, 2}, {1, 1}}));
}

// Nodes name their events by number (issue 19): the same event in many
// trees is kept once, and events that differ in any one field are kept
// apart, each read back as it went in.
TEST(WakeupForest, KeepsEachDistinctEventOnceAndEveryFieldOfIt) {
  WakeupForest f;
  std::vector<SeqEvent> scratch;
  for (int i = 0; i < 100; ++i) {
    const WakeupForest::Ref root = f.make();
    f.insert(root, std::vector<SeqEvent>{read(0, 1), write(1, 1)}, scratch);
  }
  EXPECT_EQ(f.nodes_in_use(), 300u);
  EXPECT_EQ(f.distinct_events(), 3u);  // the roots' empty event, the read, the write

  std::vector<SeqEvent> variants(10, write(2, 7));
  variants[1].thread = 3;
  variants[2].access.object = 8;
  variants[3].access.owner = 9;
  variants[4].access.await = true;
  variants[5].woken_on = 4;
  variants[6].value = 5;
  variants[7].spawned = 1;
  variants[8].joined = 1;
  variants[9].tentative = true;
  std::vector<SeqEvent> flags(4, write(2, 7));
  flags[0].unknown = true;
  flags[1].may_turn_out_different = true;
  flags[2].read_not_write = true;
  flags[3].plain = true;
  variants.insert(variants.end(), flags.begin(), flags.end());
  const std::size_t before = f.distinct_events();
  for (const SeqEvent& e : variants) {
    const WakeupForest::Ref root = f.make();
    f.insert(root, std::vector<SeqEvent>{e}, scratch);
    ASSERT_NE(f.first(root), nullptr);
    EXPECT_TRUE(*f.first(root) == e);
  }
  EXPECT_EQ(f.distinct_events(), before + variants.size());
}

TEST(WakeupForest, MergeAndReleaseReturnEveryNode) {
  WakeupForest f;
  std::vector<SeqEvent> scratch;
  const WakeupForest::Ref root = f.make();
  SeqEvent zero{.thread = 0, .value = 0};
  SeqEvent one{.thread = 0, .value = 1};
  f.insert(root, std::vector<SeqEvent>{zero, write(2, 3)}, scratch);
  f.insert(root, std::vector<SeqEvent>{one, write(1, 1)}, scratch);
  f.insert(root, std::vector<SeqEvent>{write(1, 5), read(0, 5)}, scratch);
  EXPECT_EQ(branches(f, root), (std::vector<std::vector<ThreadId>>{{0, 2}, {0, 1}, {1, 0}}));
  EXPECT_EQ(f.nodes_in_use(), 7u);
  // A state that picks thread 0 takes both of its branches.
  const WakeupForest::Ref a = f.pop_thread(root, 0);
  const WakeupForest::Ref b = f.pop_thread(root, 0);
  ASSERT_NE(b, WakeupForest::kNone);
  f.merge(a, b);
  EXPECT_EQ(branches(f, a), (std::vector<std::vector<ThreadId>>{{2}, {1}}));
  f.release(a);
  f.release(root);
  EXPECT_EQ(f.nodes_in_use(), 0u);
}

// dpor reports progress without an estimate of the share done (the
// branches to come are unknown until their races are found): every report
// has none, and the counts only grow up to the run's total.
TEST(DporProgress, ReportsCountsWithoutAnEstimate) {
  const ScenarioSpec* spec = find_scenario("lastzero");
  ASSERT_NE(spec, nullptr);
  DporStrategy dpor;
  std::vector<Progress> seen;
  ExploreOptions options;
  options.progress_interval_s = 0;
  options.on_progress = [&](const Progress& p) { seen.push_back(p); };
  const ExploreResult r = explore(*spec, ScenarioConfig{{{"N", 8}}, "default"}, dpor, options);
  ASSERT_EQ(r.executions, 704);
  ASSERT_GT(seen.size(), 10u);
  long last = 0;
  for (const Progress& p : seen) {
    EXPECT_LT(p.fraction_done, 0);
    EXPECT_GE(p.executions, last);
    EXPECT_LE(p.executions, r.executions);
    last = p.executions;
  }
}

}  // namespace
}  // namespace mmcheck
