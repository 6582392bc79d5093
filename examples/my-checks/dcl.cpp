// Double-checked initialisation of a lazily built configuration: callers
// test `ready` without the lock, and only the first takes the lock to build.
#include <mmcheck/api.hpp>
#include <mmcheck/std_like.hpp>

namespace sl = mmcheck::std_like;

struct lazy_config {
  sl::mutex lock{"config.lock"};
  sl::atomic<bool> ready{"config.ready", false};
  mmcheck::Plain<int> value{"config.value", 0};  // plain data, published by ready
};

// buggy: publishes `ready` before the value it stands for.
int get_config_buggy(lazy_config& c) {
  if (!c.ready.load()) {
    sl::lock_guard guard(c.lock);
    if (!c.ready.load()) {
      c.ready.store(true);
      c.value.store(42);
    }
  }
  return c.value.load();
}

// fixed: the value first, then `ready`.
int get_config_fixed(lazy_config& c) {
  if (!c.ready.load()) {
    sl::lock_guard guard(c.lock);
    if (!c.ready.load()) {
      c.value.store(42);
      c.ready.store(true);
    } else {
      mmcheck::cover("the second check found it built");
    }
  } else {
    mmcheck::cover("the first check found it built");
  }
  return c.value.load();
}

class Dcl : public mmcheck::ScenarioInstance {
 public:
  explicit Dcl(const mmcheck::ScenarioConfig& config) : fixed_(config.variant == "fixed") {}
  void start() override {
    for (const char* name : {"caller0", "caller1"}) {
      mmcheck::spawn(name, [this] {
        const int v = fixed_ ? get_config_fixed(config_) : get_config_buggy(config_);
        mmcheck::check(v == 42, "get_config returned " + std::to_string(v) + ", not 42");
      });
    }
  }

 private:
  bool fixed_;
  lazy_config config_;
};

const bool registered = mmcheck::register_scenario(mmcheck::ScenarioSpec{
    .name = "dcl",
    .summary = "double-checked initialisation: two callers of get_config",
    .variants = {"buggy", "fixed"},
    .expectations = {{.variant = "buggy", .violation = true, .kind = mmcheck::ViolationKind::data_race},
                     {.variant = "fixed",
                      .coverage = {"the first check found it built", "the second check found it built"}}},
    .coverage_points = {"the first check found it built", "the second check found it built"},
    .make = mmcheck::make_instance<Dcl>(),
});
