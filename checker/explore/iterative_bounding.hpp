// Iterative context bounding (Musuvathi & Qadeer, PLDI 2007): a
// preemption-bounded dfs with bound 0, then 1, ..., up to a maximum, stopping
// at the first violation. So a counterexample has the fewest preemptions any
// counterexample has (within the maximum): the easiest one to read.
//
// Stateless, so each round re-runs the schedules of the rounds before it
// (they have fewer preemptions and fit the larger bound too). CHESS avoids
// that by keeping the preempting choices a round cut off as work for the
// next; stored as choice prefixes that costs memory proportional to the
// round's whole search tree, while the re-runs cost little time: the
// number of schedules grows fast with the bound, so the earlier rounds are a
// small share of the last. A round that cut nothing off has explored every
// schedule, so the search ends there and is exhaustive.
#pragma once

#include <memory>
#include <string>

#include "checker/explore/dfs.hpp"
#include "checker/explore/strategy.hpp"

namespace mmcheck {

class IterativeBoundingStrategy final : public Strategy {
 public:
  explicit IterativeBoundingStrategy(long max_bound);
  std::string_view name() const override { return "dfs"; }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override { return round_->pick_thread(view); }
  int pick_value(const SchedulerView& view, int n) override { return round_->pick_value(view, n); }
  void end_execution(ExecutionEnd end) override { round_->end_execution(end); }
  // Every schedule was explored only when the last round cut nothing off.
  bool exhaustive() const override { return round_->exhaustive(); }
  const std::string& failure() const override { return round_->failure(); }
  // The rounds done, plus the share of the current one, over all rounds.
  double fraction_done() const override;
  long divergences() const override { return round_->divergences(); }
  std::string checkpoint_unsupported() const override {
    return "--preemption-bound runs cannot be checkpointed (a round's bound is not saved)";
  }

  long max_bound() const { return max_bound_; }
  // The bound of the round running now.
  long bound() const { return round_->bound(); }

 private:
  long max_bound_;
  std::unique_ptr<DfsStrategy> round_;
};

}  // namespace mmcheck
