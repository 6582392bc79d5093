// DfsStrategy's checkpoint (checkpoint.hpp): its whole state between two
// executions is the stack of choices and two flags.
#include <limits>

#include "checker/engine/checkpoint.hpp"
#include "checker/explore/dfs.hpp"

namespace mmcheck {
namespace {

constexpr std::int64_t kAllThreads = (std::int64_t{1} << kMaxThreads) - 1;
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();

}  // namespace

void DfsStrategy::save_state(StateWriter& w) const {
  w.put(bound_);
  w.put_bool(started_);
  w.put_bool(pruned_);
  w.put(static_cast<std::int64_t>(stack_.size()));
  for (const Node& n : stack_) {
    w.put_bool(n.is_value);
    w.put(n.enabled);
    w.put(n.options);
    w.put(n.values);
    w.put(n.tried);
    w.put(n.chosen);
    w.put(n.last);
  }
}

void DfsStrategy::restore_state(StateReader& r) {
  if (r.get(0, std::numeric_limits<long>::max(), "the preemption bound") != bound_)
    throw CheckpointError("the strategy state was saved with another preemption bound");
  started_ = r.get_bool("the started flag");
  pruned_ = r.get_bool("the pruned flag");
  const auto size = r.get(0, kIntMax, "the stack height");
  stack_.clear();
  stack_.reserve(static_cast<std::size_t>(size));
  for (std::int64_t i = 0; i < size; ++i) {
    Node n;
    n.is_value = r.get_bool("a node's kind");
    n.enabled = static_cast<ThreadMask>(r.get(0, kAllThreads, "a node's runnable threads"));
    n.options = static_cast<ThreadMask>(r.get(0, kAllThreads, "a node's options"));
    n.values = static_cast<int>(r.get(0, kIntMax, "a node's value count"));
    n.tried = static_cast<ThreadMask>(r.get(0, kAllThreads, "a node's tried threads"));
    n.chosen = static_cast<int>(
        r.get(0, n.is_value ? std::max(0, n.values - 1) : kMaxThreads - 1, "a node's choice"));
    n.last = static_cast<ThreadId>(r.get(kNoThread, kMaxThreads - 1, "a node's last thread"));
    stack_.push_back(n);
  }
  r.expect_end();
}

}  // namespace mmcheck
