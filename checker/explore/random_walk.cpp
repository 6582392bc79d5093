#include "checker/explore/random_walk.hpp"

#include <bit>

namespace mmcheck {

ThreadId RandomStrategy::pick_thread(const SchedulerView& view) {
  ThreadMask enabled = view.enabled();
  const int count = std::popcount(enabled);
  int k = static_cast<int>(rng_() % static_cast<std::uint64_t>(count));
  while (k-- > 0) enabled &= enabled - 1;
  return std::countr_zero(enabled);
}

int RandomStrategy::pick_value(const SchedulerView&, int n) {
  return static_cast<int>(rng_() % static_cast<std::uint64_t>(n));
}

}  // namespace mmcheck
