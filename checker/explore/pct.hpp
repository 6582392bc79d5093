// Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of
// Finding Bugs", ASPLOS 2010).
//
// Each execution gives the threads random distinct priorities and always
// runs the highest-priority enabled thread; at d-1 change points, steps
// chosen uniformly among the first k, the thread about to run drops below
// every other (the i-th change point to priority d-i). A bug of depth d (d
// ordering constraints) is then found by one execution with probability at
// least 1/(n k^(d-1)), for n threads and k steps, where a uniform random
// walk can be exponentially worse. choose() values are uniform.
//
// Threads are spawned during the execution, so a thread's initial priority
// is drawn when it first shows up: it goes to a uniform random place among
// the undemoted threads, which gives a uniformly random order over them. k
// is estimated from the previous execution's length (the first execution
// uses the value given). Seeded, so a run and any bug it finds repeat.
// Never exhaustive: a run that finds nothing is `incomplete`.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "checker/explore/strategy.hpp"

namespace mmcheck {

class PctStrategy final : public Strategy {
 public:
  // depth: d >= 1 (d-1 change points); first_k: k for the first execution.
  PctStrategy(std::uint64_t seed, int depth, long first_k);
  std::string_view name() const override { return "pct"; }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  int pick_value(const SchedulerView& view, int n) override;
  void end_execution(ExecutionEnd) override { k_ = std::max(length_, 1L); }
  bool exhaustive() const override { return false; }
  const std::string& failure() const override { return failure_; }

  int depth() const { return depth_; }
  // The change points of the current execution (steps, ascending).
  const std::vector<long>& change_points() const { return change_points_; }

 private:
  void meet_new_threads(int thread_count);
  void demote(ThreadId t);

  std::mt19937_64 rng_;
  int depth_;
  long k_;
  long length_ = 0;  // steps of the current execution so far
  long last_change_ = -1;  // the change point already applied (one per step)
  // Threads from highest to lowest priority: first the undemoted ones
  // (`undemoted_` of them, in their random initial order), then the demoted
  // ones in the order of demotion, the last demoted lowest.
  std::vector<ThreadId> ranking_;
  std::size_t undemoted_ = 0;
  std::vector<long> change_points_;
  std::string failure_;
};

}  // namespace mmcheck
