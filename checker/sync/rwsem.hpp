// A reader-writer semaphore with the semantics of the kernel's rw_semaphore
// (kernel/locking/rwsem.c, v5.6):
// - a request that cannot be granted at once queues, FIFO;
// - a reader arriving while anyone is queued (a writer waits) queues behind
//   it, and down_read_trylock fails then;
// - on release, a writer at the head of the queue gets the lock; a reader at
//   the head wakes every queued reader (rwsem_mark_wake wakes readers past
//   queued writers since v5.3);
// - downgrade_write turns the write hold into a read hold and wakes readers.
// Left out: optimistic spinning and lock stealing by writers, which only
// change timing, and the handoff bit; both are allowed to reorder waiters in
// the kernel, so a FIFO queue explores a subset of the kernel's orders.
//
// A queued request is two steps: the request (down_read/down_write with
// ok=false) and the wake-up (rwsem_wake), enabled once the lock is granted.
#pragma once

#include <array>
#include <string>

#include "checker/sync/lifetime.hpp"
#include "checker/sync/object.hpp"
#include "checker/core/source_loc.hpp"
#include "checker/core/vector_clock.hpp"

namespace mmcheck {

class RwSemaphore : public Object {
 public:
  explicit RwSemaphore(std::string name, const Lifetime* owner = nullptr)
      : Object(std::move(name), "rwsem", owner) {}

  void down_read(Loc loc = Loc::current());
  void down_write(Loc loc = Loc::current());
  bool down_read_trylock(Loc loc = Loc::current());
  bool down_write_trylock(Loc loc = Loc::current());
  void up_read(Loc loc = Loc::current());
  void up_write(Loc loc = Loc::current());
  void downgrade_write(Loc loc = Loc::current());

  ThreadId writer() const { return writer_; }
  ThreadMask readers() const { return readers_; }
  // Whether any request is queued (a peek, for coverage points and asserts).
  bool has_waiters() const { return queued_ > 0; }
  bool enabled(ThreadId t, OpKind k) const override;
  std::string holders() const override;
  std::string waiting_in(ThreadId t, OpKind k) const override;

 private:
  struct Waiter {
    ThreadId thread;
    bool write;
  };
  bool free_for_write() const { return writer_ == kNoThread && readers_ == 0 && queued_ == 0; }
  bool free_for_read() const { return writer_ == kNoThread && queued_ == 0; }
  void grant_read(ThreadId t, long step);
  void grant_write(ThreadId t, long step);
  void wait_for_grant(bool write, const SourceLoc& loc);
  void wake(bool readers_only, long step);
  void check_holds(bool write, const Event& e, const char* op);

  ThreadId writer_ = kNoThread;
  ThreadMask readers_ = 0;
  ThreadMask granted_ = 0;  // queued threads whose request was granted
  std::array<long, kMaxThreads> since_{};
  std::array<Waiter, kMaxThreads> queue_{};
  int queued_ = 0;
  VectorClock write_release_;  // what readers acquire
  VectorClock any_release_;    // what writers acquire
};

}  // namespace mmcheck
