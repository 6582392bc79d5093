// Scenarios written with the idiomatic layers, <mmcheck/kernel.h> and
// <mmcheck/std_like.hpp>, each with a variant that must fail and one that
// must not. They are built into their own binary with the command line's
// main() from the library (as mmcheck_add_checks does for users), and
// `mmcheck_idiom_checks regress` in CTest checks every expectation.
#include <atomic>
#include <string>

#include <mmcheck/api.hpp>
#include <mmcheck/kernel.h>
#include <mmcheck/std_like.hpp>

namespace {

using mmcheck::ScenarioConfig;
using mmcheck::ScenarioInstance;
using mmcheck::ScenarioSpec;
using mmcheck::ViolationKind;
namespace sl = mmcheck::std_like;

// ---- kernel.h ----------------------------------------------------------------

// Two spinlocks taken in opposite orders (abba) or in one order (ordered).
class KernelAbba : public ScenarioInstance {
 public:
  explicit KernelAbba(const ScenarioConfig& c) : abba_(c.variant == "abba") {}
  void start() override {
    mmcheck::spawn("t0", [this] { nest(&a, &b); });
    mmcheck::spawn("t1", [this] { abba_ ? nest(&b, &a) : nest(&a, &b); });
  }

 private:
  static void nest(spinlock_t* outer, spinlock_t* inner) {
    spin_lock(outer);
    spin_lock(inner);
    spin_unlock(inner);
    spin_unlock(outer);
  }
  bool abba_;
  DEFINE_SPINLOCK(a);
  DEFINE_SPINLOCK(b);
};
const bool kernel_abba = mmcheck::register_scenario(ScenarioSpec{
    .name = "kernel_abba",
    .summary = "kernel.h: two spinlocks nested in opposite orders",
    .variants = {"abba", "ordered"},
    .expectations = {{.variant = "abba", .violation = true, .kind = ViolationKind::lock_order},
                     {.variant = "ordered"}},
    .lockdep = true,
    .make = mmcheck::make_instance<KernelAbba>(),
});

// A counter bumped with atomic_read + atomic_set (a lost update) or with
// atomic_inc and atomic_long_add_return.
class KernelAtomic : public ScenarioInstance {
 public:
  explicit KernelAtomic(const ScenarioConfig& c) : read_set_(c.variant == "read_set") {}
  void start() override {
    for (const char* name : {"inc0", "inc1"}) {
      mmcheck::spawn(name, [this] {
        if (read_set_) {
          atomic_set(&count, atomic_read(&count) + 1);
        } else {
          atomic_inc(&count);
          atomic_long_add_return(2, &total);
        }
      });
    }
  }
  void finish() override {
    mmcheck::check(count.peek() == 2, "lost update: count is " + std::to_string(count.peek()));
    mmcheck::check(read_set_ || total.peek() == 4, "atomic_long_add_return lost an add");
  }

 private:
  bool read_set_;
  atomic_t count = ATOMIC_INIT(0);
  atomic_long_t total = ATOMIC_LONG_INIT(0);
};
const bool kernel_atomic = mmcheck::register_scenario(ScenarioSpec{
    .name = "kernel_atomic",
    .summary = "kernel.h: atomic_read+atomic_set against atomic_inc",
    .variants = {"read_set", "inc"},
    .expectations = {{.variant = "read_set", .violation = true, .kind = ViolationKind::assertion},
                     {.variant = "inc"}},
    .make = mmcheck::make_instance<KernelAtomic>(),
});

// A helper that asserts its caller holds the mutex; one caller forgets to.
class KernelLockdepAssert : public ScenarioInstance {
 public:
  explicit KernelLockdepAssert(const ScenarioConfig& c) : forget_(c.variant == "unlocked") {
    mutex_init(&lock);
  }
  void start() override {
    mmcheck::spawn("locked", [this] {
      mutex_lock(&lock);
      bump();
      mutex_unlock(&lock);
    });
    mmcheck::spawn("caller", [this] {
      if (!forget_) mutex_lock(&lock);
      bump();
      if (!forget_) mutex_unlock(&lock);
    });
  }

 private:
  void bump() {
    lockdep_assert_held(&lock);
    counter.store(counter.load() + 1);
  }
  bool forget_;
  struct mutex lock;
  mmcheck::Plain<int> counter{"counter"};
};
const bool kernel_lockdep_assert = mmcheck::register_scenario(ScenarioSpec{
    .name = "kernel_lockdep_assert",
    .summary = "kernel.h: lockdep_assert_held in a helper called without the lock",
    .variants = {"unlocked", "locked"},
    .expectations = {{.variant = "unlocked", .violation = true, .kind = ViolationKind::assertion},
                     {.variant = "locked"}},
    .make = mmcheck::make_instance<KernelLockdepAssert>(),
});

// Two holders put a kref; a third thread takes a reference without holding
// one (refcount_inc, which can add to 0) or with kref_get_unless_zero.
class KernelKref : public ScenarioInstance {
 public:
  explicit KernelKref(const ScenarioConfig& c) : unsafe_(c.variant == "inc_from_zero") {
    kref_init(&obj.ref);
    refcount_set(&obj.ref.refcount, 2);
  }
  void start() override {
    for (const char* name : {"put0", "put1"})
      mmcheck::spawn(name, [this] { kref_put(&obj.ref, release); });
    mmcheck::spawn("getter", [this] {
      if (unsafe_) {
        kref_get(&obj.ref);
        kref_put(&obj.ref, release);
      } else if (kref_get_unless_zero(&obj.ref)) {
        kref_put(&obj.ref, release);
      }
    });
  }
  void finish() override {
    mmcheck::check(obj.released.peek() == 1,
                   "released " + std::to_string(obj.released.peek()) + " times");
  }

 private:
  struct counted {
    struct kref ref;
    mmcheck::Plain<int> released{"released"};
  };
  static void release(struct kref* ref) {
    struct counted* c = container_of(ref, struct counted, ref);
    WARN_ON(c->released.load() != 0);
    c->released.store(1);
  }
  bool unsafe_;
  struct counted obj;
};
const bool kernel_kref = mmcheck::register_scenario(ScenarioSpec{
    .name = "kernel_kref",
    .summary = "kernel.h: kref_get without a reference against kref_get_unless_zero",
    .variants = {"inc_from_zero", "unless_zero"},
    .expectations = {{.variant = "inc_from_zero", .violation = true, .kind = ViolationKind::assertion},
                     {.variant = "unless_zero"}},
    .make = mmcheck::make_instance<KernelKref>(),
});

// Objects named each way kernel.h names them; the thread then hits BUG_ON.
class KernelNames : public ScenarioInstance {
 public:
  explicit KernelNames(const ScenarioConfig&) { spin_lock_init(&o.lock); }
  void start() override {
    mmcheck::spawn("t", [this] {
      spin_lock(&by_macro);
      spin_lock(&o.lock);
      spin_lock(&unnamed);
      down_read(&sem);
      atomic_inc(&counter);
      BUG_ON(atomic_read(&counter) == 1);
    });
  }

 private:
  struct holder {
    spinlock_t lock{"placeholder"};
  };
  DEFINE_SPINLOCK(by_macro);
  holder o;
  spinlock_t unnamed;
  DECLARE_RWSEM(sem);
  atomic_t counter;
};
const bool kernel_names = mmcheck::register_scenario(ScenarioSpec{
    .name = "kernel_names",
    .summary = "kernel.h: object names from DEFINE_*, *_init and the declaration",
    .expectations = {{.variant = "default", .violation = true, .kind = ViolationKind::assertion}},
    .make = mmcheck::make_instance<KernelNames>(),
});

// ---- std_like.hpp ----------------------------------------------------------------

// A counter bumped through std::atomic (invisible: one execution, no
// warning-free verdict), std_like::atomic load+store (a lost update) or
// std_like::atomic fetch_add and ++.
class StdAtomic : public ScenarioInstance {
 public:
  explicit StdAtomic(const ScenarioConfig& c) : variant_(c.variant) {}
  void start() override {
    for (const char* name : {"inc0", "inc1"}) {
      mmcheck::spawn(name, [this] {
        if (variant_ == "std_atomic") {
          plain_std.store(plain_std.load() + 1);
        } else if (variant_ == "load_store") {
          counter.store(counter.load() + 1);
        } else {
          counter.fetch_add(1, sl::memory_order_relaxed);
        }
      });
    }
  }
  void finish() override {
    const int n = variant_ == "std_atomic" ? plain_std.load() : counter.peek();
    mmcheck::check(n == 2, "lost update: the counter is " + std::to_string(n));
  }

 private:
  std::string variant_;
  std::atomic<int> plain_std{0};
  sl::atomic<int> counter{"counter", 0};
};
// std_atomic has no expectation: its "verified" is the wrong answer the
// no-visible-step warning is there to flag (tests/idioms_cli_test.cpp).
const bool std_atomic = mmcheck::register_scenario(ScenarioSpec{
    .name = "std_atomic_counter",
    .summary = "std::atomic (uninstrumented) against std_like::atomic",
    .variants = {"std_atomic", "load_store", "fetch_add"},
    .expectations = {{.variant = "load_store", .violation = true, .kind = ViolationKind::assertion},
                     {.variant = "fetch_add"}},
    .make = mmcheck::make_instance<StdAtomic>(),
});

// Two mutexes: nested std_like::lock_guards in opposite orders deadlock;
// scoped_lock over both, in either order, does not.
class StdLockOrder : public ScenarioInstance {
 public:
  explicit StdLockOrder(const ScenarioConfig& c) : scoped_(c.variant == "scoped_lock") {}
  void start() override {
    mmcheck::spawn("t0", [this] { both(a, b); });
    mmcheck::spawn("t1", [this] { both(b, a); });
  }

 private:
  void both(sl::mutex& x, sl::mutex& y) {
    if (scoped_) {
      sl::scoped_lock lock(x, y);
      shared.store(shared.load() + 1);
    } else {
      sl::lock_guard gx(x);
      sl::unique_lock gy(y);
      shared.store(shared.load() + 1);
    }
  }
  bool scoped_;
  sl::mutex a{"a"};
  sl::mutex b{"b"};
  mmcheck::Plain<int> shared{"shared"};
};
const bool std_lock_order = mmcheck::register_scenario(ScenarioSpec{
    .name = "std_lock_order",
    .summary = "std_like: lock_guards nested in opposite orders against scoped_lock",
    .variants = {"lock_guard", "scoped_lock"},
    .expectations = {{.variant = "lock_guard", .violation = true, .kind = ViolationKind::deadlock},
                     {.variant = "scoped_lock"}},
    .make = mmcheck::make_instance<StdLockOrder>(),
});

// A consumer waits for an item. `if_wait` tests the condition once (wrong
// with spurious wake-ups), `while_wait` loops, `if_wait_no_spurious` is the
// `if` on a condition variable that never wakes spuriously.
class StdCondvar : public ScenarioInstance {
 public:
  explicit StdCondvar(const ScenarioConfig& c)
      : loop_(c.variant == "while_wait"),
        cv_(c.variant == "if_wait_no_spurious" ? sl::condition_variable("cv", sl::no_spurious_wakeups)
                                               : sl::condition_variable("cv")) {}
  void start() override {
    mmcheck::spawn("consumer", [this] {
      sl::unique_lock lock(m_);
      if (loop_) {
        cv_.wait(lock, [this] { return ready_.load() != 0; });
      } else if (ready_.load() == 0) {
        cv_.wait(lock);
      }
      mmcheck::check(ready_.load() != 0, "the consumer woke with no item");
    });
    mmcheck::spawn("producer", [this] {
      {
        sl::lock_guard lock(m_);
        ready_.store(1);
      }
      cv_.notify_one();
    });
  }

 private:
  bool loop_;
  sl::mutex m_{"m"};
  sl::condition_variable cv_;
  mmcheck::Plain<int> ready_{"ready"};
};
const bool std_condvar = mmcheck::register_scenario(ScenarioSpec{
    .name = "std_condvar",
    .summary = "std_like::condition_variable: if against while around wait",
    .variants = {"if_wait", "while_wait", "if_wait_no_spurious"},
    .expectations = {{.variant = "if_wait", .violation = true, .kind = ViolationKind::assertion},
                     {.variant = "while_wait"},
                     {.variant = "if_wait_no_spurious"}},
    .make = mmcheck::make_instance<StdCondvar>(),
});

// Two waiters, one notification: notify_one wakes exactly one (the other
// waits forever: a deadlock), notify_all wakes both.
class StdNotify : public ScenarioInstance {
 public:
  explicit StdNotify(const ScenarioConfig& c) : all_(c.variant == "notify_all") {}
  void start() override {
    for (const char* name : {"waiter0", "waiter1"}) {
      mmcheck::spawn(name, [this] {
        sl::unique_lock lock(m_);
        waiting_.store(waiting_.load() + 1);
        cv_.wait(lock, [this] { return go_.load() != 0; });
      });
    }
    mmcheck::spawn("notifier", [this] {
      mmcheck::await([this] { return waiting_.load() == 2; });
      {
        sl::lock_guard lock(m_);
        go_.store(1);
      }
      all_ ? cv_.notify_all() : cv_.notify_one();
    });
  }

 private:
  bool all_;
  sl::mutex m_{"m"};
  sl::condition_variable cv_{"cv", sl::no_spurious_wakeups};
  mmcheck::Shared<int> waiting_{"waiting"};
  mmcheck::Plain<int> go_{"go"};
};
const bool std_notify = mmcheck::register_scenario(ScenarioSpec{
    .name = "std_notify",
    .summary = "std_like::condition_variable: notify_one against notify_all, two waiters",
    .variants = {"notify_one", "notify_all"},
    .expectations = {{.variant = "notify_one", .violation = true, .kind = ViolationKind::deadlock},
                     {.variant = "notify_all"}},
    .make = mmcheck::make_instance<StdNotify>(),
});

}  // namespace

namespace mmcheck {
// This binary replays no golden traces.
const char* default_golden_dir() { return ""; }
}  // namespace mmcheck
