#include "checker/explore/iterative_bounding.hpp"

namespace mmcheck {

IterativeBoundingStrategy::IterativeBoundingStrategy(long max_bound)
    : max_bound_(max_bound), round_(std::make_unique<DfsStrategy>(0)) {}

bool IterativeBoundingStrategy::begin_execution() {
  while (!round_->begin_execution()) {
    // Stop when the round failed, covered everything, or was the last one.
    if (!round_->failure().empty() || !round_->pruned() || round_->bound() >= max_bound_)
      return false;
    round_ = std::make_unique<DfsStrategy>(round_->bound() + 1);
  }
  return true;
}

double IterativeBoundingStrategy::fraction_done() const {
  const double rounds = static_cast<double>(max_bound_ + 1);
  return (static_cast<double>(round_->bound()) + round_->fraction_done()) / rounds;
}

}  // namespace mmcheck
