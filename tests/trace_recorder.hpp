// A strategy wrapper that records the Mazurkiewicz trace of every complete
// execution the wrapped strategy runs, with dpor's own dependency relation
// (access.hpp, dpor_hb.hpp). Two complete executions are equivalent
// exactly when their keys are equal: each event is named by its thread and
// its position in that thread, carries what it did (objects named by
// interleaving-independent identities, see trace_key) and the vector clock
// of what happens before it. Threads are assumed to be spawned in a fixed
// order (true of every scenario here: start() spawns them).
//
// With it a test can ask what plain search cannot: did dpor explore every
// trace dfs (or a random walk) reached, and did it explore any twice?
#pragma once

#include <functional>
#include <map>
#include <span>
#include <set>
#include <string>
#include <vector>

#include "checker/explore/dpor/dpor_hb.hpp"
#include "checker/explore/strategy.hpp"

namespace mmcheck::testing {

class TraceRecorder final : public Strategy {
 public:
  explicit TraceRecorder(Strategy& inner) : inner_(inner) {}

  std::string_view name() const override { return inner_.name(); }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  int pick_value(const SchedulerView& view, int n) override { return inner_.pick_value(view, n); }
  void end_execution(ExecutionEnd end) override;
  bool exhaustive() const override { return inner_.exhaustive(); }
  const std::string& failure() const override { return inner_.failure(); }
  double fraction_done() const override { return inner_.fraction_done(); }
  long divergences() const override { return inner_.divergences(); }
  // Between executions the recorder holds nothing of the exploration.
  std::string checkpoint_unsupported() const override { return inner_.checkpoint_unsupported(); }
  void save_state(StateWriter& w) const override { inner_.save_state(w); }
  void restore_state(StateReader& r) override { inner_.restore_state(r); }

  // The traces of the complete executions, and how many complete
  // executions repeated a trace already recorded.
  const std::set<std::string>& traces() const { return traces_; }
  long repeats() const { return repeats_; }
  // The first execution recorded of a trace, one event per item:
  // "thread:kind(object)=value/value2" with '!' for a failed operation.
  const std::string& describe(const std::string& trace) const { return described_.at(trace); }
  // Called at the end of every execution with its events and dpor's
  // happens-before of them (tests/dependence_test.cpp).
  std::function<void(std::span<const Event>, const DporHb&)> on_execution;

 private:
  void catch_up(const SchedulerView& view);
  std::string trace_key(const SchedulerView& view) const;
  static std::string describe(const SchedulerView& view);

  Strategy& inner_;
  const SchedulerView* view_ = nullptr;
  DporHb hb_;
  std::size_t processed_ = 0;
  ThreadMask prev_enabled_ = 0;
  std::set<std::string> traces_;
  std::map<std::string, std::string> described_;
  long repeats_ = 0;
};

}  // namespace mmcheck::testing
