// Two readers hold one rw_semaphore at the same time: each takes it for
// read, announces itself, and waits until the other is inside too. If read
// holds excluded each other this would deadlock; it must verify.
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class RwsemReaders : public ScenarioInstance {
 public:
  explicit RwsemReaders(const ScenarioConfig&) {}

  void start() override {
    spawn("reader0", [this] { read_side(inside0_, inside1_); });
    spawn("reader1", [this] { read_side(inside1_, inside0_); });
  }

 private:
  void read_side(Shared<bool>& mine, Shared<bool>& other) {
    sem_.down_read();
    mine.store(true);
    await([&] { return other.load(); });
    cover("both readers inside");
    sem_.up_read();
  }

  RwSemaphore sem_{"sem"};
  Shared<bool> inside0_{"reader0_inside", false};
  Shared<bool> inside1_{"reader1_inside", false};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "rwsem_readers",
    .summary = "two readers share an rw_semaphore at the same time",
    .expectations = {{.variant = "default", .violation = false, .coverage = {"both readers inside"}}},
    .coverage_points = {"both readers inside"},
    .make = make_instance<RwsemReaders>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
