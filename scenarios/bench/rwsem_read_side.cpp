// rwsem_read_side(N): N readers each take an rw_semaphore for read, load x
// and release it; one updater stores x without the semaphore (a lockless
// update, like a WRITE_ONCE of a field that readers sample).
//
// Trace count: 2^N. The read-side operations (down_read granted at once, and
// up_read) do not depend on each other, and nobody takes the semaphore for
// write, so no down_read ever queues: all 2N semaphore operations commute.
// The only dependent pairs are (store x, load x by reader i), one per reader,
// and each can go either way independently of the others: 2^N traces. If
// read acquisitions depended on each other, the count would grow with the
// interleavings of the 2N semaphore operations instead.
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class RwsemReadSide : public ScenarioInstance {
 public:
  explicit RwsemReadSide(const ScenarioConfig& c) : n_(static_cast<int>(c.param("N"))) {}

  void start() override {
    spawn("updater", [this] { x_.store(1); });
    for (int i = 0; i < n_; ++i)
      spawn("reader" + std::to_string(i), [this] {
        sem_.down_read();
        x_.load();
        sem_.up_read();
      });
  }

 private:
  int n_;
  RwSemaphore sem_{"sem"};
  Shared<int> x_{"x", 0};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "rwsem_read_side",
    .summary = "DPOR benchmark: N rwsem readers sample x, one lockless update (2^N traces)",
    .params = {{"N", 3, 1, 15, "number of reader threads"}},
    .expectations = {{.variant = "default", .violation = false}},
    .make = make_instance<RwsemReadSide>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
