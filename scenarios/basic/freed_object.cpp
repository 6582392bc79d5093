// An object is shared by two threads but only one reference is counted: the
// owner drops its reference and frees the object while the reader, which
// never took a reference, may still read a field of it: `use_after_free`.
#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {
namespace {

class FreedObject : public ScenarioInstance {
 public:
  explicit FreedObject(const ScenarioConfig&) {}

  void start() override {
    spawn("owner", [this] {
      if (refs_.put() == 0) object_.free();
    });
    spawn("reader", [this] {
      const int v = field_.load();  // no get(): the bug
      check(v == 7, "reader saw a field value it never stored");
    });
  }

 private:
  Lifetime object_{"object"};
  RefCount refs_{"object.refcount", 1, &object_};
  Shared<int> field_{"object.field", 7, &object_};
};

const bool registered = register_scenario(ScenarioSpec{
    .name = "freed_object",
    .summary = "a reader uses an object without holding a reference while the owner frees it",
    .expectations = {{.variant = "default",
                      .violation = true,
                      .kind = ViolationKind::use_after_free,
                      .message = "load of object.field by reader"}},
    .make = make_instance<FreedObject>(),
});

}  // namespace
}  // namespace mmcheck::scenarios
