// lastzero(N) (Abdulla et al., POPL 2014): thread 0 scans array[N], array[N-1],
// ... down to the first zero; thread j = 1..N sets array[j] = array[j-1] + 1.
// Mazurkiewicz traces: (N+3)*2^(N-2) (benchmarks/classic.md).
#include <optional>
#include <vector>

#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"
#include "scenarios/bench/indexed_names.hpp"

namespace mmcheck::scenarios {
namespace {

class LastZero : public ScenarioInstance {
 public:
  explicit LastZero(const ScenarioConfig& c) : n_(static_cast<int>(c.param("N"))), array_(n_ + 1) {
    static const IndexedNames names("array", 16);
    for (int i = 0; i <= n_; ++i)
      array_[i].emplace(names[i], 0);
  }

  void start() override {
    static const IndexedNames threads("set", 17, IndexedNames::suffix);
    spawn("scan", [this] {
      int i = n_;
      while (array_[i]->load() != 0) --i;
    });
    for (int j = 1; j <= n_; ++j)
      spawn(threads[j], [this, j] { array_[j]->store(array_[j - 1]->load() + 1); });
  }

 private:
  int n_;
  // One allocation per execution; a Shared can be neither copied nor moved.
  std::vector<std::optional<Shared<int>>> array_;
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "lastzero",
    .summary = "classic DPOR benchmark: a scan for the last zero against N writers",
    .params = {{"N", 4, 1, 15, "number of writer threads"}},
    .expectations = {{.variant = "default", .violation = false}},
    .make = make_instance<LastZero>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
