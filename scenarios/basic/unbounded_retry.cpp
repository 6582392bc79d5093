// A thread retries until a flag is set, with no bound and no wait (it spins
// on the load instead of using await()). A schedule that keeps running the
// spinner never lets the setter in: the execution runs past --max-steps, a
// `step_bound` violation (a livelock).
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class UnboundedRetry : public ScenarioInstance {
 public:
  explicit UnboundedRetry(const ScenarioConfig&) {}

  void start() override {
    spawn("spinner", [this] {
      while (!flag_.load()) {
      }
    });
    spawn("setter", [this] { flag_.store(true); });
  }

 private:
  Shared<bool> flag_{"flag", false};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "unbounded_retry",
    .summary = "a retry loop with no bound spins forever under an unfair schedule",
    .expectations = {{.variant = "default",
                      .violation = true,
                      .kind = ViolationKind::step_bound,
                      .message = "ran past --max-steps=200 steps"}},
    .max_steps = 200,
    .make = make_instance<UnboundedRetry>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
