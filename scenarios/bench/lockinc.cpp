// lockinc(N): N threads each lock m, read x, write x + 1, unlock; at the end
// x == N. Traces: N! (the order of the critical sections).
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class LockInc : public ScenarioInstance {
 public:
  explicit LockInc(const ScenarioConfig& c) : n_(static_cast<int>(c.param("N"))) {}

  void start() override {
    for (int i = 0; i < n_; ++i)
      spawn("t" + std::to_string(i), [this] {
        m_.lock();
        const int r = x_.load();
        x_.store(r + 1);
        m_.unlock();
      });
  }

  void finish() override { check(x_.peek() == n_, "x is " + std::to_string(x_.peek())); }

 private:
  int n_;
  Mutex m_{"m"};
  Plain<int> x_{"x", 0};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "lockinc",
    .summary = "classic DPOR benchmark: N locked increments of x",
    .params = {{"N", 3, 1, 16, "number of threads"}},
    .expectations = {{.variant = "default", .violation = false}},
    .make = make_instance<LockInc>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
