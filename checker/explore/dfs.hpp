// Exhaustive search: every interleaving and every choose() value, in
// depth-first order, with no reduction. The reference for soundness.
//
// Stateless: each execution replays the prefix of choices on the stack and
// then takes the first untried option at the deepest point that has one. At
// each point the thread that ran last is tried first, so the first
// counterexample found tends to have few preemptions.
//
// With a preemption bound it explores only the schedules with at most
// `bound` preemptions (Musuvathi & Qadeer, "Iterative Context Bounding for
// Systematic Testing of Multithreaded Programs", PLDI 2007, the search CHESS
// uses); iterative_bounding.hpp runs it with bounds 0, 1, ... K.
//
// A preemption is a switch away from the thread that ran last while it is
// still enabled; a switch when it is blocked or finished is free. That is
// the same rule Runtime::preemptions() counts, so a counterexample's
// recorded `preemptions` never exceeds the bound.
//
// Bugs tend to need few preemptions, and the number of schedules with at
// most c preemptions grows polynomially in the execution length (not
// exponentially), which is what makes a small bound useful on scenarios dfs
// cannot exhaust. When the bound cut off at least one option the search is
// not exhaustive: a run that found nothing is `incomplete`, never `verified`.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "checker/explore/strategy.hpp"

namespace mmcheck {

class DfsStrategy final : public Strategy {
 public:
  // No bound: every interleaving (plain dfs).
  static constexpr long kNoBound = std::numeric_limits<long>::max();
  explicit DfsStrategy(long preemption_bound = kNoBound) : bound_(preemption_bound) {}
  std::string_view name() const override { return "dfs"; }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  int pick_value(const SchedulerView& view, int n) override;
  void end_execution(ExecutionEnd) override {}
  // Exhaustive only when the bound never had to cut anything off.
  bool exhaustive() const override { return !pruned_; }
  const std::string& failure() const override { return failure_; }
  double fraction_done() const override;
  // Checkpoints: the stack (dfs_checkpoint.cpp).
  std::string checkpoint_unsupported() const override { return {}; }
  void save_state(StateWriter& w) const override;
  void restore_state(StateReader& r) override;

  long bound() const { return bound_; }
  // Whether the bound has cut off an option so far.
  bool pruned() const { return pruned_; }

 private:
  struct Node {
    bool is_value = false;
    ThreadMask enabled = 0;  // threads: what was enabled (checked on replay)
    ThreadMask options = 0;  // threads: what the bound lets us try
    int values = 0;          // values: how many
    ThreadMask tried = 0;
    int chosen = 0;
    ThreadId last = kNoThread;
  };
  bool advance(Node& n) const;
  bool replaying_matches(const Node& n, bool is_value, ThreadMask enabled, int values);
  static bool preempts(const Node& n, ThreadId t) {
    return n.last != kNoThread && t != n.last && (n.enabled & bit(n.last)) != 0;
  }

  long bound_;
  std::vector<Node> stack_;
  std::size_t depth_ = 0;
  long preemptions_ = 0;  // on the current path, up to depth_
  bool started_ = false;
  bool pruned_ = false;
  std::string failure_;
};

}  // namespace mmcheck
