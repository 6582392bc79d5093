// Replays one recorded schedule. Where the schedule cannot go on (the thread
// it wants is blocked, or it ends early), failure() says at which step and
// why: which lock, held by whom since which step.
#pragma once

#include <string>
#include <vector>

#include "checker/engine/runtime.hpp"
#include "checker/explore/strategy.hpp"

namespace mmcheck {

class ReplayStrategy final : public Strategy {
 public:
  explicit ReplayStrategy(std::vector<ScheduleEntry> schedule) : schedule_(std::move(schedule)) {}
  std::string_view name() const override { return "replay"; }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  int pick_value(const SchedulerView& view, int n) override;
  void end_execution(ExecutionEnd) override {}
  bool exhaustive() const override { return false; }
  const std::string& failure() const override { return failure_; }
  // The step at which the schedule could not go on, or -1.
  long failed_step() const { return failed_step_; }

 private:
  std::vector<ScheduleEntry> schedule_;
  bool done_ = false;
  std::string failure_;
  long failed_step_ = -1;
};

}  // namespace mmcheck
