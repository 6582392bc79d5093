// Two threads take two mutexes in opposite orders (A then B, B then A). If
// each takes its first lock before the other takes its second, neither can
// go on: a `deadlock`.
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class AbbaDeadlock : public ScenarioInstance {
 public:
  explicit AbbaDeadlock(const ScenarioConfig&) {}

  void start() override {
    spawn("ab", [this] { take_both(a_, b_); });
    spawn("ba", [this] { take_both(b_, a_); });
  }

 private:
  static void take_both(Mutex& first, Mutex& second) {
    first.lock();
    second.lock();
    second.unlock();
    first.unlock();
  }

  Mutex a_{"A"};
  Mutex b_{"B"};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "abba_deadlock",
    .summary = "two mutexes taken in opposite orders by two threads",
    .expectations = {{.variant = "default",
                      .violation = true,
                      .kind = ViolationKind::deadlock,
                      .message = "ab waits in lock(B)"}},
    .make = make_instance<AbbaDeadlock>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
