// Test-only scenarios without registration: a scenario is a State (a struct
// of instrumented objects, built fresh for every execution) plus a start
// function that spawns the threads and an optional finish function.
//
//   struct S { Shared<int> x{"x"}; };
//   auto spec = test_scenario<S>("two_stores", [](S& s) {
//     spawn("a", [&s] { s.x.store(1); });
//     spawn("b", [&s] { s.x.store(2); });
//   });
//   ExploreResult r = explore_dfs(spec);
#pragma once

#include <compare>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "checker/sync/api.hpp"
#include "checker/explore/dfs.hpp"
#include "checker/engine/explorer.hpp"
#include "checker/explore/replay.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::testing {

template <class State>
class LambdaInstance final : public ScenarioInstance {
 public:
  using Fn = std::function<void(State&)>;
  LambdaInstance(Fn start, Fn finish) : start_(std::move(start)), finish_(std::move(finish)) {}
  void start() override { start_(state_); }
  void finish() override {
    if (finish_) finish_(state_);
  }

 private:
  State state_;
  Fn start_;
  Fn finish_;
};

template <class State>
ScenarioSpec test_scenario(std::string name, std::function<void(State&)> start,
                           std::function<void(State&)> finish = {}) {
  ScenarioSpec spec;
  spec.name = std::move(name);
  spec.make = [start, finish](const ScenarioConfig&) -> std::unique_ptr<ScenarioInstance> {
    return std::make_unique<LambdaInstance<State>>(start, finish);
  };
  return spec;
}

// For scenarios whose objects all live in the threads themselves.
struct NoState {};

// Three threads, a lock and a choose(`choices`): a small program with enough
// schedules for strategies and bounds to differ on.
struct BusyVars {
  Shared<int> x{"x"};
  Shared<int> y{"y"};
  Mutex m{"m"};
};
inline ScenarioSpec busy_program(int choices) {
  return test_scenario<BusyVars>("busy", [choices](BusyVars& s) {
    spawn("a", [&s, choices] {
      s.x.store(choose(choices));
      Guard g(s.m);
      s.y.store(1);
    });
    spawn("b", [&s] {
      s.y.store(2);
      Guard g(s.m);
      s.x.store(3);
    });
    spawn("c", [&s] { s.x.store(s.y.load()); });
  });
}

inline ScenarioConfig default_config() { return ScenarioConfig{{}, "default"}; }

// Wraps a strategy and records, per execution, every choice it made: the
// thread picked at each step and the value of each choose().
class RecordingStrategy final : public Strategy {
 public:
  struct Pick {
    bool is_value = false;
    int v = 0;
    auto operator<=>(const Pick&) const = default;
  };
  using Execution = std::vector<Pick>;

  explicit RecordingStrategy(Strategy& inner) : inner_(inner) {}
  std::string_view name() const override { return inner_.name(); }
  bool begin_execution() override {
    current_.clear();
    return inner_.begin_execution();
  }
  ThreadId pick_thread(const SchedulerView& view) override {
    const ThreadId t = inner_.pick_thread(view);
    current_.push_back({false, t});
    return t;
  }
  int pick_value(const SchedulerView& view, int n) override {
    const int v = inner_.pick_value(view, n);
    current_.push_back({true, v});
    return v;
  }
  void end_execution(ExecutionEnd end) override {
    executions_.push_back(current_);
    inner_.end_execution(end);
  }
  bool exhaustive() const override { return inner_.exhaustive(); }
  const std::string& failure() const override { return inner_.failure(); }

  const std::vector<Execution>& executions() const { return executions_; }

 private:
  Strategy& inner_;
  Execution current_;
  std::vector<Execution> executions_;
};

inline ExploreResult explore_dfs(const ScenarioSpec& spec, ExploreOptions options = {}) {
  DfsStrategy dfs;
  return explore(spec, default_config(), dfs, options);
}

// One execution under a hand-written schedule (a thread per step), with
// the record of that execution and why the schedule stopped, if it did.
struct ScheduledRun {
  ExploreResult result;
  std::string failure;     // the replay strategy's failure, or empty
  long failed_step = -1;   // where the schedule could not go on
  const ExecutionRecord& record() const { return result.counterexample; }
};

inline ScheduledRun run_schedule(const ScenarioSpec& spec, const std::vector<ThreadId>& threads) {
  std::vector<ScheduleEntry> schedule;
  for (ThreadId t : threads) schedule.push_back({t, -1});
  ReplayStrategy replay(std::move(schedule));
  ExploreOptions options;
  options.max_executions = 1;
  options.capture_all = true;
  ScheduledRun run;
  run.result = explore(spec, default_config(), replay, options);
  run.failure = replay.failure();
  run.failed_step = replay.failed_step();
  return run;
}

}  // namespace mmcheck::testing
