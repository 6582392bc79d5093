// Source-DPOR with sleep sets: dynamic partial-order reduction that explores
// at least one execution of every Mazurkiewicz trace and, thanks to the
// sleep sets, never two complete executions of the same trace.
//
//   P. Abdulla, S. Aronis, B. Jonsson, K. Sagonas. "Optimal Dynamic Partial
//   Order Reduction". POPL 2014 (Algorithm 1, Source-DPOR).
//   C. Flanagan, P. Godefroid. "Dynamic Partial-Order Reduction for Model
//   Checking Software". POPL 2005 (vector clocks, stateless backtracking).
//   P. Godefroid. "Partial-Order Methods for the Verification of Concurrent
//   Systems". LNCS 1032, 1996 (sleep sets).
//
// Stateless, like dfs: each execution replays the prefix on the stack, then
// makes new choices. Races are found as events execute (dpor_hb.hpp) and
// add a thread to the backtrack set of the node before the first event of
// the race, unless an initial of the reversal is already there. A state in
// which every enabled thread sleeps is abandoned (sleep-set blocked): such
// an execution is redundant and does not count.
//
// Blocking: a thread blocked on a lock is ordered by the lock-to-lock race
// (dpor_hb.hpp); an await depends on every write, so the write that enables
// or disables it races with it; a queued rwsem request races as a write when
// it queues, and its wake-up follows the release that granted it. choose()
// branches on every value, as a local step of its thread.
//
// With --no-stop (ExploreOptions::stop_on_violation = false) an execution
// cut short by a violation hides the rest of the live threads' work; each
// live thread is then taken to race with everything it does not follow, so
// the exploration stays complete past violations.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "checker/dpor_access.hpp"
#include "checker/dpor_hb.hpp"
#include "checker/strategy.hpp"

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

 private:
  struct Node {
    bool is_value = false;
    int values = 0;  // value node: how many, and the one chosen
    int chosen = 0;  // thread node: the thread chosen
    int event = 0;   // the step this node decides
    ThreadMask enabled = 0;
    ThreadMask backtrack = 0;
    ThreadMask sleep = 0;
    OpAccess chosen_access;                     // what the chosen thread did
    std::array<OpAccess, kMaxThreads> asleep;  // what each sleeping thread does next
  };

  void process_events(const SchedulerView& view);
  void add_backtrack(int e1, ThreadId p, const VectorClock* c2);
  void record_step(const SchedulerView& view, int node, ThreadId t);
  bool mismatch(const char* what);

  std::vector<Node> stack_;
  std::size_t depth_ = 0;
  bool started_ = false;
  std::string failure_;

  // The execution in progress.
  const SchedulerView* view_ = nullptr;  // the runtime; outlives executions
  DporHb hb_;
  std::size_t processed_ = 0;  // events given to hb_
  int race_from_ = 0;          // events before this were seen last time
  ThreadMask prev_enabled_ = 0;
  std::vector<int> event_node_;      // event -> its node
  std::vector<ObjectId> step_owner_;  // event -> its object's Lifetime
};

}  // namespace mmcheck
