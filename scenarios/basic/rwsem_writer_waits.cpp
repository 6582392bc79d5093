// The kernel's rw_semaphore is not a plain shared lock: a reader arriving
// while a writer waits queues behind the writer. Reader r0 holds the
// semaphore and waits for reader r1 to get in; if writer w queued in
// between, r1 queues behind w, w waits for r0, and r0 waits for r1: a
// `deadlock`, though only readers were inside.
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class RwsemWriterWaits : public ScenarioInstance {
 public:
  explicit RwsemWriterWaits(const ScenarioConfig&) {}

  void start() override {
    spawn("r0", [this] {
      sem_.down_read();
      await([this] { return r1_inside_.load(); });
      sem_.up_read();
    });
    spawn("w", [this] {
      sem_.down_write();
      sem_.up_write();
    });
    spawn("r1", [this] {
      sem_.down_read();
      r1_inside_.store(true);
      sem_.up_read();
    });
  }

 private:
  RwSemaphore sem_{"sem"};
  Shared<bool> r1_inside_{"r1_inside", false};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "rwsem_writer_waits",
    .summary = "a reader queues behind a waiting writer while another reader holds the lock",
    .expectations = {{.variant = "default",
                      .violation = true,
                      .kind = ViolationKind::deadlock,
                      .message = "w waits in down_write(sem)"}},
    .make = make_instance<RwsemWriterWaits>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
