// binc(N): N threads each fetch_add(x, 1) then fetch_add(y, 1).
// Traces: (N!)^2 (the order of the updates of x, times that of y).
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class Binc : public ScenarioInstance {
 public:
  explicit Binc(const ScenarioConfig& c) : n_(static_cast<int>(c.param("N"))) {}

  void start() override {
    for (int i = 0; i < n_; ++i)
      spawn("t" + std::to_string(i), [this] {
        x_.fetch_add(1);
        y_.fetch_add(1);
      });
  }

  void finish() override { check(x_.peek() == n_ && y_.peek() == n_, "an update was lost"); }

 private:
  int n_;
  Shared<int> x_{"x", 0};
  Shared<int> y_{"y", 0};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "binc",
    .summary = "classic DPOR benchmark: N threads increment x then y atomically",
    .params = {{"N", 2, 1, 16, "number of threads"}},
    .expectations = {{.variant = "default", .violation = false}},
    .make = make_instance<Binc>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
