// indexer(N) (Flanagan and Godefroid, POPL 2005): N threads insert 4 values
// each into a 128-entry hash table with compare-and-swap and linear probing.
// No two threads collide for N <= 11 (1 trace); traces: 8^(N-11) for N >= 12.
#include <optional>
#include <vector>

#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"
#include "scenarios/bench/indexed_names.hpp"

namespace mmcheck::scenarios {
namespace {

constexpr int kSize = 128;

class Indexer : public ScenarioInstance {
 public:
  explicit Indexer(const ScenarioConfig& c) : n_(static_cast<int>(c.param("N"))), table_(kSize) {
    static const IndexedNames names("table", kSize);
    for (int i = 0; i < kSize; ++i)
      table_[i].emplace(names[i], 0);
  }

  void start() override {
    static const IndexedNames threads("t", 17, IndexedNames::suffix);
    for (int tid = 0; tid < n_; ++tid)
      spawn(threads[tid], [this, tid] { insert_all(tid); });
  }

 private:
  void insert_all(int tid) {
    for (int m = 1; m <= 4; ++m) {
      const int w = m * 11 + tid;
      int h = (w * 7) % kSize;
      int expected = 0;
      while (!table_[h]->compare_exchange(expected, w)) {
        h = (h + 1) % kSize;
        expected = 0;
      }
    }
  }

  int n_;
  // One allocation per execution; a Shared can be neither copied nor moved.
  std::vector<std::optional<Shared<int>>> table_;
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "indexer",
    .summary = "classic DPOR benchmark: N threads insert into a hash table with cas",
    .params = {{"N", 12, 1, 16, "number of threads"}},
    .expectations = {{.variant = "default", .violation = false}},
    .make = make_instance<Indexer>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
