// independent(N): thread i writes its own variable v[i]. One trace.
#include <optional>
#include <vector>

#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"
#include "scenarios/bench/indexed_names.hpp"

namespace mmcheck::scenarios {
namespace {

class Independent : public ScenarioInstance {
 public:
  explicit Independent(const ScenarioConfig& c) : n_(static_cast<int>(c.param("N"))), v_(n_) {
    static const IndexedNames names("v", 16);
    for (int i = 0; i < n_; ++i)
      v_[i].emplace(names[i], 0);
  }

  void start() override {
    static const IndexedNames threads("t", 17, IndexedNames::suffix);
    for (int i = 0; i < n_; ++i) spawn(threads[i], [this, i] { v_[i]->store(1); });
  }

 private:
  int n_;
  // One allocation per execution; a Shared can be neither copied nor moved.
  std::vector<std::optional<Shared<int>>> v_;
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "independent",
    .summary = "classic DPOR benchmark: N threads, each writing its own variable",
    .params = {{"N", 4, 1, 16, "number of threads"}},
    .expectations = {{.variant = "default", .violation = false}},
    .make = make_instance<Independent>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
