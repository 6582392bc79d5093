// readers(N): thread 0 writes x = 42, threads 1..N each read x.
// Mazurkiewicz traces: 2^N (each read is before or after the write).
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class Readers : public ScenarioInstance {
 public:
  explicit Readers(const ScenarioConfig& c) : n_(static_cast<int>(c.param("N"))) {}

  void start() override {
    spawn("writer", [this] { x_.store(42); });
    for (int i = 1; i <= n_; ++i) spawn("reader" + std::to_string(i), [this] { x_.load(); });
  }

 private:
  int n_;
  Shared<int> x_{"x", 0};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "readers",
    .summary = "classic DPOR benchmark: one write of x against N reads",
    .params = {{"N", 4, 1, 15, "number of reader threads"}},
    .expectations = {{.variant = "default", .violation = false}},
    .make = make_instance<Readers>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
