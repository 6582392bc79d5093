#include "checker/explore/pct.hpp"

#include <algorithm>

namespace mmcheck {

PctStrategy::PctStrategy(std::uint64_t seed, int depth, long first_k)
    : rng_(seed), depth_(std::max(depth, 1)), k_(std::max(first_k, 1L)) {}

bool PctStrategy::begin_execution() {
  ranking_.clear();
  undemoted_ = 0;
  length_ = 0;
  last_change_ = -1;
  // d-1 distinct change points among steps 0..k-1 (fewer when k is smaller).
  change_points_.clear();
  const long wanted = std::min<long>(depth_ - 1, k_);
  while (static_cast<long>(change_points_.size()) < wanted) {
    const long s = static_cast<long>(rng_() % static_cast<std::uint64_t>(k_));
    if (std::find(change_points_.begin(), change_points_.end(), s) == change_points_.end())
      change_points_.push_back(s);
  }
  std::sort(change_points_.begin(), change_points_.end());
  return true;
}

void PctStrategy::meet_new_threads(int thread_count) {
  for (auto t = static_cast<ThreadId>(ranking_.size()); t < thread_count; ++t) {
    const auto place = static_cast<std::ptrdiff_t>(rng_() % (undemoted_ + 1));
    ranking_.insert(ranking_.begin() + place, t);
    ++undemoted_;
  }
}

void PctStrategy::demote(ThreadId t) {
  const auto it = std::find(ranking_.begin(), ranking_.end(), t);
  if (static_cast<std::size_t>(it - ranking_.begin()) < undemoted_) --undemoted_;
  ranking_.erase(it);
  // Each change point gives a lower priority than the ones before it.
  ranking_.push_back(t);
}

ThreadId PctStrategy::pick_thread(const SchedulerView& view) {
  meet_new_threads(view.thread_count());
  const ThreadMask enabled = view.enabled();
  const long step = view.step();
  length_ = std::max(length_, step + 1);
  auto highest = [&] {
    for (ThreadId t : ranking_)
      if ((enabled & bit(t)) != 0) return t;
    return kAbandon;  // unreachable: the engine asks only when one is enabled
  };
  ThreadId t = highest();
  // A thread that ends takes no step, so the engine can ask twice at one step.
  if (step != last_change_ &&
      std::binary_search(change_points_.begin(), change_points_.end(), step)) {
    last_change_ = step;
    demote(t);
    t = highest();
  }
  return t;
}

int PctStrategy::pick_value(const SchedulerView&, int n) {
  return static_cast<int>(rng_() % static_cast<std::uint64_t>(n));
}

}  // namespace mmcheck
