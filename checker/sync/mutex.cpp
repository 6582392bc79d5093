#include "checker/sync/mutex.hpp"

#include "checker/engine/runtime.hpp"

namespace mmcheck {

bool Mutex::enabled(ThreadId, OpKind k) const {
  return k != OpKind::lock || holder_ == kNoThread;
}

std::string Mutex::holders() const {
  if (holder_ == kNoThread) return {};
  return "held by " + rt().thread_name(holder_) + " since step " + std::to_string(since_);
}

void Mutex::acquired(const Event& e) {
  holder_ = e.thread;
  since_ = e.step;
  Runtime& r = rt();
  if (r.in_thread()) r.acquire_from(release_clock_);
}

void Mutex::lock(Loc loc) {
  const Event& e = rt().step({OpKind::lock, this}, SourceLoc::from(loc));
  check_alive(*this, e, "lock of");
  acquired(e);
  rt().lock_acquired(*this, false, false, e);
}

bool Mutex::try_lock(Loc loc) {
  Event& e = rt().step({OpKind::trylock, this}, SourceLoc::from(loc));
  check_alive(*this, e, "trylock of");
  e.ok = (holder_ == kNoThread);
  if (e.ok) {
    acquired(e);
    rt().lock_acquired(*this, false, true, e);
  }
  return e.ok;
}

void Mutex::unlock(Loc loc) {
  Runtime& r = rt();
  const Event& e = r.step({OpKind::unlock, this}, SourceLoc::from(loc));
  check_alive(*this, e, "unlock of");
  if (r.in_thread() && holder_ != e.thread) {
    r.report(ViolationKind::assertion,
             r.thread_name(e.thread) + " unlocked " + name() + ", which " +
                 (holder_ == kNoThread ? std::string("nobody held")
                                       : r.thread_name(holder_) + " held"),
             e.loc);
  }
  holder_ = kNoThread;
  r.lock_released(*this);
  if (r.in_thread()) r.release_to(release_clock_);
}

}  // namespace mmcheck
