// The lost_update increments, each under one mutex: no increment is lost.
// Parameter N: how many threads increment.
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class LockedCounter : public ScenarioInstance {
 public:
  explicit LockedCounter(const ScenarioConfig& c) : n_(static_cast<int>(c.param("N"))) {}

  void start() override {
    for (int i = 0; i < n_; ++i) spawn("inc" + std::to_string(i), [this] { increment(); });
  }

  void finish() override {
    check(counter_.peek() == n_, "counter is " + std::to_string(counter_.peek()) + " after " +
                                     std::to_string(n_) + " locked increments");
    cover("all increments landed");
  }

 private:
  void increment() {
    Guard g(lock_);
    const int seen = counter_.load();
    counter_.store(seen + 1);
  }

  int n_;
  Mutex lock_{"counter_lock"};
  Plain<int> counter_{"counter", 0};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "locked_counter",
    .summary = "N read-then-write increments under one mutex: none is lost, no data race",
    .params = {{"N", 2, 1, 6, "number of incrementing threads"}},
    .expectations = {{.variant = "default", .violation = false, .coverage = {"all increments landed"}}},
    .coverage_points = {"all increments landed"},
    .make = make_instance<LockedCounter>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
