#include "checker/explore/dfs.hpp"

#include <bit>

namespace mmcheck {

bool DfsStrategy::begin_execution() {
  depth_ = 0;
  preemptions_ = 0;
  if (!failure_.empty()) return false;
  if (!started_) {
    started_ = true;
    return true;
  }
  while (!stack_.empty()) {
    if (advance(stack_.back())) return true;
    stack_.pop_back();
  }
  return false;
}

bool DfsStrategy::advance(Node& n) const {
  if (n.is_value) {
    if (n.chosen + 1 >= n.values) return false;
    ++n.chosen;
    return true;
  }
  n.tried |= bit(n.chosen);
  const ThreadMask left = n.options & ~n.tried;
  if (left == 0) return false;
  n.chosen = std::countr_zero(left);
  return true;
}

double DfsStrategy::fraction_done() const {
  double done = 0;
  double weight = 1;
  for (const Node& n : stack_) {
    const int options = n.is_value ? n.values : std::popcount(n.options);
    const int before = n.is_value ? n.chosen : std::popcount(n.tried);
    if (options <= 0) break;
    weight /= options;
    done += weight * before;
  }
  return done;
}

bool DfsStrategy::replaying_matches(const Node& n, bool is_value, ThreadMask enabled,
                                           int values) {
  if (n.is_value == is_value && n.enabled == enabled && n.values == values) return true;
  failure_ =
      "the scenario is not deterministic: replaying the same choices reached a different "
      "state at depth " +
      std::to_string(depth_);
  return false;
}

ThreadId DfsStrategy::pick_thread(const SchedulerView& view) {
  const ThreadMask enabled = view.enabled();
  if (depth_ < stack_.size()) {
    const Node& n = stack_[depth_];
    if (!replaying_matches(n, false, enabled, 0)) return kAbandon;
    if (preempts(n, n.chosen)) ++preemptions_;
    ++depth_;
    return n.chosen;
  }
  Node n;
  n.enabled = enabled;
  n.last = view.last_thread();
  const bool last_enabled = n.last != kNoThread && (enabled & bit(n.last)) != 0;
  // With the budget spent, the thread that ran last must go on while it can.
  n.options = (last_enabled && preemptions_ >= bound_) ? bit(n.last) : enabled;
  if (n.options != enabled) pruned_ = true;
  // The thread that ran last first: the cheapest schedules come first.
  n.chosen = last_enabled ? n.last : std::countr_zero(n.options);
  stack_.push_back(n);
  ++depth_;
  return n.chosen;
}

int DfsStrategy::pick_value(const SchedulerView&, int n) {
  if (depth_ < stack_.size()) {
    const Node& node = stack_[depth_];
    if (!replaying_matches(node, true, 0, n)) return kAbandon;
    ++depth_;
    return node.chosen;
  }
  Node node;
  node.is_value = true;
  node.values = n;
  stack_.push_back(node);
  ++depth_;
  return 0;
}

}  // namespace mmcheck
