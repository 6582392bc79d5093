// A scenario that is not deterministic, for the nondeterminism self-check
// (checker/engine/determinism.hpp): it counts its executions in a process-global
// counter and lets the count change what it does. Every strategy must stop
// it with "the scenario is not deterministic: ..." (exit 2 from `run`)
// instead of a verdict. MODE picks what changes after the process's first
// execution: 0 the value a thread stores (the execution's number), 1 which
// variable it stores to (y from the second execution on), 2 the verdict
// (the final check fails in the second execution only).
// tests/determinism_test.cpp runs the same program with a counter of its
// own (hidden_counter.hpp).
#include "scenarios/basic/hidden_counter.hpp"

#include <atomic>

#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

// Executions built so far in this process: the hidden state.
std::atomic<long> g_executions{0};

class HiddenCounter : public ScenarioInstance {
 public:
  HiddenCounter(long mode, long execution) : mode_(mode), execution_(execution) {}

  void start() override {
    spawn("t0", [this] {
      if (mode_ == 0) {
        x_.store(static_cast<int>(execution_));
      } else if (mode_ == 1 && execution_ >= 2) {
        y_.store(1);
      } else {
        x_.store(1);
      }
    });
    spawn("t1", [this] { (void)x_.load(); });
  }

  void finish() override {
    if (mode_ == 2) check(execution_ != 2, "the second execution fails its final check");
  }

 private:
  long mode_;
  long execution_;
  Shared<int> x_{"x", 0};
  Shared<int> y_{"y", 0};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "hidden_counter",
    .summary = "not deterministic: a process-global counter changes what it does",
    .params = {{"MODE", 0, 0, 2, "0: a stored value changes, 1: the variable, 2: the verdict"}},
    .make = [](const ScenarioConfig& c) { return make_hidden_counter(c.param("MODE"), ++g_executions); },
});

}  // namespace

std::unique_ptr<ScenarioInstance> make_hidden_counter(long mode, long execution) {
  return std::make_unique<HiddenCounter>(mode, execution);
}

}  // namespace mmcheck::scenarios
