// Sleeping mutex and spinlock. A lock request on a held lock is not enabled:
// the thread is blocked until the holder unlocks. No fairness is modelled
// (the kernel's mutex spins optimistically and is not FIFO either), so any
// waiter may win when the lock is released.
#pragma once

#include <string>

#include "checker/sync/lifetime.hpp"
#include "checker/sync/object.hpp"
#include "checker/core/source_loc.hpp"
#include "checker/core/vector_clock.hpp"

namespace mmcheck {

class Mutex : public Object {
 public:
  explicit Mutex(std::string name, const Lifetime* owner = nullptr)
      : Mutex(std::move(name), "mutex", owner) {}

  void lock(Loc loc = Loc::current());
  bool try_lock(Loc loc = Loc::current());
  void unlock(Loc loc = Loc::current());

  ThreadId holder() const { return holder_; }
  bool enabled(ThreadId t, OpKind k) const override;
  std::string holders() const override;

 protected:
  Mutex(std::string name, const char* type, const Lifetime* owner)
      : Object(std::move(name), type, owner) {}

 private:
  void acquired(const Event& e);

  ThreadId holder_ = kNoThread;
  long since_ = -1;
  VectorClock release_clock_;
};

// The kernel's spinlock_t: for the model, a mutex that cannot sleep.
class SpinLock : public Mutex {
 public:
  explicit SpinLock(std::string name, const Lifetime* owner = nullptr)
      : Mutex(std::move(name), "spinlock", owner) {}
};

// Holds a lock for a scope, like the kernel's guard(mutex).
template <class L>
class Guard {
 public:
  explicit Guard(L& l, Loc loc = Loc::current()) : l_(l), loc_(loc) { l_.lock(loc_); }
  ~Guard() { l_.unlock(loc_); }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;

 private:
  L& l_;
  Loc loc_;
};

}  // namespace mmcheck
