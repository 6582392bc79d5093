// Plain exhaustive search: every interleaving and every choose() value, in
// depth-first order, with no reduction. The reference for soundness.
//
// Stateless: each execution replays the prefix of choices on the stack and
// then takes the first untried option at the deepest point that has one. At
// each point the thread that ran last is tried first, so the first
// counterexample found tends to have few preemptions.
#pragma once

#include <string>
#include <vector>

#include "checker/strategy.hpp"

namespace mmcheck {

class DfsStrategy final : public Strategy {
 public:
  std::string_view name() const override { return "dfs"; }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  int pick_value(const SchedulerView& view, int n) override;
  void end_execution(ExecutionEnd) override {}
  bool exhaustive() const override { return true; }
  const std::string& failure() const override { return failure_; }
  // The share of the search tree left of the current path, each subtree
  // weighted as if siblings were alike (Knuth's estimate, uniform weights).
  double fraction_done() const override;

 private:
  struct Node {
    bool is_value = false;
    ThreadMask options = 0;  // threads: the enabled set
    int values = 0;          // values: how many
    ThreadMask tried = 0;
    int chosen = 0;
  };
  bool advance(Node& n) const;
  bool replaying_matches(const Node& n, bool is_value, ThreadMask options, int values);

  std::vector<Node> stack_;
  std::size_t depth_ = 0;
  bool started_ = false;
  std::string failure_;
};

}  // namespace mmcheck
