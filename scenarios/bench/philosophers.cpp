// philosophers(N): fork i lies between philosopher i and i+1; each takes
// its left fork, then its right one, eats, and puts both down. `default`
// deadlocks (everyone holds a left fork); in `ordered` the last philosopher
// takes its forks in the opposite order, which breaks the cycle.
#include <memory>
#include <vector>

#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class Philosophers : public ScenarioInstance {
 public:
  explicit Philosophers(const ScenarioConfig& c)
      : n_(static_cast<int>(c.param("N"))), ordered_(c.variant == "ordered") {
    for (int i = 0; i < n_; ++i)
      forks_.push_back(std::make_unique<Mutex>("fork" + std::to_string(i)));
  }

  void start() override {
    for (int i = 0; i < n_; ++i) spawn("philosopher" + std::to_string(i), [this, i] { dine(i); });
  }

  void finish() override { cover("everyone ate"); }

 private:
  void dine(int i) {
    Mutex* first = forks_[i].get();
    Mutex* second = forks_[(i + 1) % n_].get();
    if (ordered_ && i == n_ - 1) std::swap(first, second);
    first->lock();
    second->lock();
    meals_.fetch_add(1);
    second->unlock();
    first->unlock();
  }

  int n_;
  bool ordered_;
  std::vector<std::unique_ptr<Mutex>> forks_;
  Shared<int> meals_{"meals", 0};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "philosophers",
    .summary = "dining philosophers: left fork first deadlocks; one reversed order does not",
    .params = {{"N", 3, 2, 16, "number of philosophers"}},
    .variants = {"default", "ordered"},
    .expectations = {{.variant = "default",
                      .violation = true,
                      .kind = ViolationKind::deadlock,
                      .message = "philosopher0 waits in lock(fork1)"},
                     {.variant = "ordered", .violation = false, .coverage = {"everyone ate"}}},
    .coverage_points = {"everyone ate"},
    .make = make_instance<Philosophers>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
