// Two threads increment a shared counter without a lock: each reads, then
// writes back the value plus one. If both read before either writes, one
// increment is lost and the final check fails (an `assertion` violation).
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class LostUpdate : public ScenarioInstance {
 public:
  explicit LostUpdate(const ScenarioConfig&) {}

  void start() override {
    spawn("inc0", [this] { increment(); });
    spawn("inc1", [this] { increment(); });
  }

  void finish() override {
    check(counter_.peek() == 2,
          "lost update: counter is " + std::to_string(counter_.peek()) + " after two increments");
  }

 private:
  void increment() {
    const int seen = counter_.load();
    counter_.store(seen + 1);
  }

  Shared<int> counter_{"counter", 0};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "lost_update",
    .summary = "two unsynchronised read-then-write increments; one can be lost",
    .expectations = {{.variant = "default",
                      .violation = true,
                      .kind = ViolationKind::assertion,
                      .message = "lost update: counter is 1 after two increments"}},
    .make = make_instance<LostUpdate>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
