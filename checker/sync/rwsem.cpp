#include "checker/sync/rwsem.hpp"

#include "checker/engine/runtime.hpp"

namespace mmcheck {

bool RwSemaphore::enabled(ThreadId t, OpKind k) const {
  return k != OpKind::rwsem_wake || (granted_ & bit(t)) != 0;
}

std::string RwSemaphore::holders() const {
  Runtime& r = rt();
  std::string s;
  if (writer_ != kNoThread) {
    s = "held for write by " + r.thread_name(writer_) + " since step " +
        std::to_string(since_[writer_]);
  } else if (readers_ != 0) {
    s = "held for read by";
    const char* sep = " ";
    for (ThreadId t = 0; t < kMaxThreads; ++t) {
      if ((readers_ & bit(t)) == 0) continue;
      s += sep + r.thread_name(t) + " since step " + std::to_string(since_[t]);
      sep = " and ";
    }
  }
  if (queued_ > 0) {
    s += s.empty() ? "" : ", ";
    s += "queued:";
    for (int i = 0; i < queued_; ++i)
      s += std::string(" ") + r.thread_name(queue_[i].thread) +
           (queue_[i].write ? " (write)" : " (read)");
  }
  return s;
}

std::string RwSemaphore::waiting_in(ThreadId t, OpKind k) const {
  if (k != OpKind::rwsem_wake) return Object::waiting_in(t, k);
  for (int i = 0; i < queued_; ++i) {
    if (queue_[i].thread == t)
      return std::string(queue_[i].write ? "down_write(" : "down_read(") + name() + "), queued";
  }
  return Object::waiting_in(t, k);
}

void RwSemaphore::grant_read(ThreadId t, long step) {
  readers_ |= bit(t);
  since_[t] = step;
}

void RwSemaphore::grant_write(ThreadId t, long step) {
  writer_ = t;
  since_[t] = step;
}

void RwSemaphore::wait_for_grant(bool write, const SourceLoc& loc) {
  Runtime& r = rt();
  const ThreadId self = r.current_thread();
  queue_[queued_++] = Waiter{self, write};
  Event& e = r.step({OpKind::rwsem_wake, this}, loc);
  // The release that granted the request (the views order the wake after it).
  e.value = since_[self];
  check_alive(*this, e, "wake-up from");
  granted_ &= ~bit(self);
  r.acquire_from(write ? any_release_ : write_release_);
}

void RwSemaphore::wake(bool readers_only, long step) {
  if (queued_ == 0) return;
  if (queue_[0].write) {
    if (readers_only || writer_ != kNoThread || readers_ != 0) return;
    grant_write(queue_[0].thread, step);
    granted_ |= bit(queue_[0].thread);
    for (int i = 1; i < queued_; ++i) queue_[i - 1] = queue_[i];
    --queued_;
    return;
  }
  if (writer_ != kNoThread) return;
  int kept = 0;
  for (int i = 0; i < queued_; ++i) {
    if (queue_[i].write) {
      queue_[kept++] = queue_[i];
    } else {
      grant_read(queue_[i].thread, step);
      granted_ |= bit(queue_[i].thread);
    }
  }
  queued_ = kept;
}

void RwSemaphore::down_read(Loc loc) {
  Runtime& r = rt();
  Event& e = r.step({OpKind::down_read, this}, SourceLoc::from(loc));
  check_alive(*this, e, "down_read of");
  if (!r.in_thread()) return;
  r.lock_acquired(*this, true, false, e);
  e.ok = free_for_read();
  if (e.ok) {
    grant_read(e.thread, e.step);
    r.acquire_from(write_release_);
    return;
  }
  wait_for_grant(false, e.loc);
}

void RwSemaphore::down_write(Loc loc) {
  Runtime& r = rt();
  Event& e = r.step({OpKind::down_write, this}, SourceLoc::from(loc));
  check_alive(*this, e, "down_write of");
  if (!r.in_thread()) return;
  r.lock_acquired(*this, false, false, e);
  e.ok = free_for_write();
  if (e.ok) {
    grant_write(e.thread, e.step);
    r.acquire_from(any_release_);
    return;
  }
  wait_for_grant(true, e.loc);
}

bool RwSemaphore::down_read_trylock(Loc loc) {
  Runtime& r = rt();
  Event& e = r.step({OpKind::down_read_trylock, this}, SourceLoc::from(loc));
  check_alive(*this, e, "down_read_trylock of");
  e.ok = free_for_read();
  if (e.ok && r.in_thread()) {
    grant_read(e.thread, e.step);
    r.acquire_from(write_release_);
    r.lock_acquired(*this, true, true, e);
  }
  return e.ok;
}

bool RwSemaphore::down_write_trylock(Loc loc) {
  Runtime& r = rt();
  Event& e = r.step({OpKind::down_write_trylock, this}, SourceLoc::from(loc));
  check_alive(*this, e, "down_write_trylock of");
  e.ok = free_for_write();
  if (e.ok && r.in_thread()) {
    grant_write(e.thread, e.step);
    r.acquire_from(any_release_);
    r.lock_acquired(*this, false, true, e);
  }
  return e.ok;
}

void RwSemaphore::check_holds(bool write, const Event& e, const char* op) {
  Runtime& r = rt();
  const bool holds = write ? writer_ == e.thread : (readers_ & bit(e.thread)) != 0;
  if (holds) return;
  r.report(ViolationKind::assertion,
           r.thread_name(e.thread) + " called " + op + " on " + name() + " without holding it " +
               (write ? "for write" : "for read"),
           e.loc);
}

void RwSemaphore::up_read(Loc loc) {
  Runtime& r = rt();
  const Event& e = r.step({OpKind::up_read, this}, SourceLoc::from(loc));
  check_alive(*this, e, "up_read of");
  if (!r.in_thread()) return;
  check_holds(false, e, "up_read");
  readers_ &= ~bit(e.thread);
  r.lock_released(*this);
  r.release_to(any_release_);
  if (readers_ == 0) wake(false, e.step);
}

void RwSemaphore::up_write(Loc loc) {
  Runtime& r = rt();
  const Event& e = r.step({OpKind::up_write, this}, SourceLoc::from(loc));
  check_alive(*this, e, "up_write of");
  if (!r.in_thread()) return;
  check_holds(true, e, "up_write");
  writer_ = kNoThread;
  r.lock_released(*this);
  write_release_.join(r.clock());
  r.release_to(any_release_);
  wake(false, e.step);
}

void RwSemaphore::downgrade_write(Loc loc) {
  Runtime& r = rt();
  const Event& e = r.step({OpKind::downgrade_write, this}, SourceLoc::from(loc));
  check_alive(*this, e, "downgrade_write of");
  if (!r.in_thread()) return;
  check_holds(true, e, "downgrade_write");
  writer_ = kNoThread;
  r.lock_downgraded(*this);
  grant_read(e.thread, since_[e.thread]);
  write_release_.join(r.clock());
  r.release_to(any_release_);
  wake(true, e.step);
}

}  // namespace mmcheck
