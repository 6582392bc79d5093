// Optimal-DPOR: dynamic partial-order reduction with sleep sets and
// wakeup trees, which explores exactly one complete execution of every
// Mazurkiewicz trace and never walks into a sleep-set-blocked state.
//
//   P. Abdulla, S. Aronis, B. Jonsson, K. Sagonas. "Source Sets: A
//   Foundation for Optimal Dynamic Partial Order Reduction". JACM 64(4),
//   2017 (Algorithm 2, Optimal-DPOR).
//   C. Flanagan, P. Godefroid. "Dynamic Partial-Order Reduction for Model
//   Checking Software". POPL 2005 (vector clocks, stateless backtracking).
//   P. Godefroid. "Partial-Order Methods for the Verification of Concurrent
//   Systems". LNCS 1032, 1996 (sleep sets).
//
// Stateless, like dfs: each execution replays the prefix on the stack, then
// makes new choices. Races are found as events execute (dpor_hb.hpp), kept
// while their events stay in the replayed prefix, and all reversed again
// when each execution ends (but a race of the prefix that a sleeper
// covered last time is only checked against the new events,
// DporStrategy::still_covered): each race e1 < e2 puts the sequence
// notdep(e1).e2 (every event of the whole execution after e1 that does not
// follow it, then e2) into the wakeup tree of the state before e1,
// unless a sleeping thread or an existing branch already covers it
// (dpor_wakeup.hpp). A new state follows its wakeup tree's first branch;
// with none it picks any thread that does not sleep.
//
// Blocking: a thread blocked on a lock is ordered by the lock-to-lock race
// (dpor_hb.hpp); an await depends on every write, and races with every
// write of another thread it does not follow, the earlier ones too: its
// failed evaluations are the reads of a spin loop, which race with the
// writes after them (dpor_hb.hpp, issue 13); a queued rwsem request races as a write when
// it queues, and its wake-up follows the release that granted it. choose()
// branches on every value, as a local step of its thread; a branch that
// replays a choose() takes the value it had first.
//
// A branch whose next thread cannot run when it is reached (which the
// theory rules out, but a scenario's blocking can still produce) is
// dropped and counted in divergences(); the state then picks freely, as
// Source-DPOR would, and an all-asleep state is abandoned as redundant.
// The exception is a tentative first event (an await taken from the other
// side of a race, whose predicate may not hold here): it is passed over
// and the sequences below it become the state's own branches.
//
// With --no-stop (ExploreOptions::stop_on_violation = false) an execution
// cut short by a violation hides the rest of the live threads' work; each
// live thread is then taken to race with everything it does not follow, its
// unknown next event depending on everything, so the exploration stays
// complete past violations. Once an execution has been cut short, a
// sleeping thread stands for a reversal only when it is in it (Source-DPOR's
// rule), not as a weak initial: the cut hid part of what it was taken to
// cover. So does a reversal whose second event may turn out different (a
// compare-and-swap, trylock or read acquisition with the other outcome, an
// await that cannot run), and a sleeper whose next event may turn out
// different when it runs later: leave its thread unable to run (a lock, a
// queued rw_semaphore request, an await; the paper's model has no
// blocking) or take the other outcome (a compare-and-swap, trylock or read
// acquisition). Likewise a sleeper whose place was decided against a write
// that ran as a read (a compare-and-swap inserted with the other outcome
// that failed again), and, once an await has blocked its thread at some
// state, every sleeper outside the reversal for the rest of the
// exploration: a blocked await has none of the failed reads whose races
// would lead to the traces in which it waits for another write. The
// programs that forced each of these rules, and the tests that pin them,
// are in docs/dpor-soundness.md.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "checker/core/access.hpp"
#include "checker/explore/dpor/dpor_hb.hpp"
#include "checker/explore/dpor/dpor_wakeup.hpp"
#include "checker/explore/strategy.hpp"

namespace mmcheck {

class DporStrategy final : public Strategy {
 public:
  std::string_view name() const override { return "dpor"; }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  int pick_value(const SchedulerView& view, int n) override;
  void end_execution(ExecutionEnd end) override;
  bool exhaustive() const override { return true; }
  const std::string& failure() const override { return failure_; }
  // Always negative: dpor gives no estimate of the share done (dpor.cpp).
  double fraction_done() const override;

 // Branches dropped because their next thread could not run.
  long divergences() const override { return divergences_; }

  // Checkpoints: the path's states with their sleep sets and wakeup trees
  // (dpor_checkpoint.cpp); the first execution after a restore finds the
  // prefix's races again.
  std::string checkpoint_unsupported() const override { return {}; }
  void save_state(StateWriter& w) const override;
  void restore_state(StateReader& r) override;

  // For tests: every reversal still_covered() would skip is made anyway,
  // and one that no sleeper covers fails the exploration.
  void check_skipped_reversals() { check_skips_ = true; }
  long skipped_reversals_checked() const { return skips_checked_; }

 private:
  struct Node {
    bool is_value = false;
    int values = 0;       // value node: how many
    int first_value = 0;  // value node: the value tried first
    int tried = 0;        // value node: values tried before the current one
    int explored = 0;     // thread node: branches done before the current one
    int chosen = 0;       // the thread, or the value, chosen
    int event = 0;        // the step this node decides
    ThreadMask enabled = 0;
    ThreadMask sleep = 0;
    SeqEvent chosen_event;                     // what the chosen thread did
    // The chosen thread's event in the branch taken wrote (a compare-and-
    // swap, trylock or read acquisition reversed with the other outcome).
    bool branch_wrote = false;
    // What each sleeping thread does next, by thread; sized on the first
    // sleeper (asleep_slot), so that a node without sleepers (most of a
    // long execution) costs no room for them.
    std::vector<SeqEvent> asleep;
    WakeupForest::Ref wut = WakeupForest::kNone;  // branches still to explore
    // value node: the branches for the other values of its choose()
    std::vector<std::pair<int, WakeupForest::Ref>> choices;
  };

  Node& push_node();
  static SeqEvent& asleep_slot(Node& n, ThreadId t) {
    if (n.asleep.size() <= static_cast<std::size_t>(t)) n.asleep.resize(kMaxThreads);
    return n.asleep[t];
  }
  void pop_node();
  void release_pending();
  bool take_branch(Node& n);
  void keep_prefix();
  void process_events(const SchedulerView& view);
  struct Cover {  // how a reversal was found covered (add_race)
    std::int8_t sleeper = kNoThread;  // by whom; none: it was inserted
    bool sleeper_in_notdep = false;   // the sleeper has events in notdep(e1)
  };
  Cover add_race(int e1, const SeqEvent& e2, bool may_differ, const VectorClock* past = nullptr);
  void reverse_races();
  struct FoundRace;
  bool still_covered(const FoundRace& r) const;
  int trust_state() const { return int{cut_seen_} | int{await_blocked_seen_} << 1; }
  void record_step(const SchedulerView& view, int node);
  bool mismatch(const char* what);

  std::vector<Node> stack_;  // [0, height_) is the path; the rest is reused
  std::size_t height_ = 0;
  std::size_t depth_ = 0;
  bool started_ = false;
  std::string failure_;
  long divergences_ = 0;
  // An execution was cut short by a violation (--no-stop): from then on a
  // sleeper covers a reversal only when it is in it (Source-DPOR's rule),
  // not as a weak initial, since a cut hid part of what sleepers were taken
  // to cover (docs/dpor-soundness.md).
  bool cut_seen_ = false;
  // An await blocked its thread at some state (dpor.hpp): the same rule.
  bool await_blocked_seen_ = false;
  // Restored from a checkpoint: nothing of the prefix is known yet, so the
  // next execution takes every event as new (keep_prefix).
  bool restored_ = false;
  long execution_ = 0;  // executions begun
  bool check_skips_ = false;
  long skips_checked_ = 0;
  // When races_ was last reversed, and trust_state() then (still_covered).
  long reversed_in_ = -1;
  int reversed_trust_ = 0;

  // The execution in progress.
  const SchedulerView* view_ = nullptr;  // the runtime; outlives executions
  DporHb hb_;
  std::size_t processed_ = 0;  // events given to hb_
  int race_from_ = 0;          // events before this were seen last time
  ThreadMask prev_enabled_ = 0;
  std::vector<int> event_node_;       // event -> its node
  std::vector<SeqEvent> seq_;         // event -> what it did, for wakeup sequences
  WakeupForest forest_;
  WakeupForest::Ref next_wut_ = WakeupForest::kNone;  // the branch the next new node follows
  int next_value_ = -1;               // the value the next new choose() takes first
  std::vector<std::pair<int, WakeupForest::Ref>> next_choices_;  // and its other branches
  std::vector<SeqEvent> v_, scratch_;
  struct FoundRace {
    int e1;
    int e2;             // the event that raced with e1
    SeqEvent e2_event;  // what it does, reversed (dpor.cpp)
    bool may_differ;
    // An await's window (dpor_hb.hpp): only the events this clock has
    // seen go before it in the reversal.
    bool past_only = false;
    Cover cover;  // at its last reversal (still_covered)
    VectorClock past;
  };
  // The races of the execution, prefix included, by e2; reversed at its end.
  std::vector<FoundRace> races_;
};

}  // namespace mmcheck
