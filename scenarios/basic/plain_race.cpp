// A writer publishes a value in a plain (non-atomic) variable and sets an
// atomic flag only afterwards, but the reader reads the plain variable
// without looking at the flag: the two accesses are not ordered by
// happens-before, a `data_race`.
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class PlainRace : public ScenarioInstance {
 public:
  explicit PlainRace(const ScenarioConfig&) {}

  void start() override {
    spawn("writer", [this] {
      data_.store(42);
      ready_.store(true);
    });
    spawn("reader", [this] {
      (void)data_.load();  // should have waited for ready_ first
    });
  }

 private:
  Plain<int> data_{"data", 0};
  Shared<bool> ready_{"ready", false};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "plain_race",
    .summary = "a plain variable written by one thread and read by another without ordering",
    .expectations = {{.variant = "default",
                      .violation = true,
                      .kind = ViolationKind::data_race,
                      .message = "data race on data"}},
    .make = make_instance<PlainRace>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
