#include "checker/explore/replay.hpp"

namespace mmcheck {

bool ReplayStrategy::begin_execution() {
  if (done_) return false;
  done_ = true;
  return true;
}

ThreadId ReplayStrategy::pick_thread(const SchedulerView& view) {
  const long step = view.step();
  failed_step_ = step;
  if (step >= static_cast<long>(schedule_.size())) {
    failure_ = "the schedule ends at step " + std::to_string(step) +
               ", but the execution goes on (threads still running)";
    return kAbandon;
  }
  const ThreadId t = schedule_[step].thread;
  if (t < 0 || t >= view.thread_count()) {
    failure_ = "step " + std::to_string(step) + " of the schedule names thread " +
               std::to_string(t) + ", which does not exist in this execution";
    return kAbandon;
  }
  if ((view.enabled() & bit(t)) == 0) {
    failure_ = "at step " + std::to_string(step) + " the schedule runs " + view.thread_name(t) +
               ", which is blocked: " + view.blocked_reason(t);
    return kAbandon;
  }
  failed_step_ = -1;
  return t;
}

int ReplayStrategy::pick_value(const SchedulerView& view, int n) {
  const long step = view.step() - 1;  // the choose() step just taken
  const int v = step < static_cast<long>(schedule_.size()) ? schedule_[step].choice : -1;
  if (v < 0 || v >= n) {
    failed_step_ = step;
    failure_ = "at step " + std::to_string(step) + " the schedule has no valid choice among " +
               std::to_string(n) + " values";
    return kAbandon;
  }
  return v;
}

}  // namespace mmcheck
