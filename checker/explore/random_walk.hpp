// Random exploration: each step picks an enabled thread uniformly, each
// choose() a uniform value. Seeded, so a run (and any bug it finds) repeats.
// Never exhaustive: a run that finds nothing is `incomplete`.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "checker/explore/strategy.hpp"

namespace mmcheck {

class RandomStrategy final : public Strategy {
 public:
  explicit RandomStrategy(std::uint64_t seed) : rng_(seed) {}
  std::string_view name() const override { return "random"; }
  bool begin_execution() override { return true; }
  ThreadId pick_thread(const SchedulerView& view) override;
  int pick_value(const SchedulerView& view, int n) override;
  void end_execution(ExecutionEnd) override {}
  bool exhaustive() const override { return false; }
  const std::string& failure() const override { return failure_; }

 private:
  std::mt19937_64 rng_;
  std::string failure_;
};

}  // namespace mmcheck
