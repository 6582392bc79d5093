// Happens-before of one execution for DPOR, with vector clocks: program
// order, the dependency relation of access.hpp, spawn -> the child's
// first event, the joined thread's last event -> join, and the release that
// granted a queued rw_semaphore request -> its rwsem_wake.
//
// It also finds the races of each new event: the earlier events of other
// threads it depends on directly (not through a third event), and which
// events follow which, for the reversal sequence notdep(e1).e2 (Abdulla et
// al., JACM 2017, section 6). One mutex refinement: the unlock -> lock edge orders a
// blocking lock after the previous holder's critical section, but is not a
// race (the lock is disabled before the unlock); the race is between the two
// acquisitions, as in Nidhugg.
//
// An await races with every write of another thread that it does not
// already follow, not only with the last write before it: the await stands
// for a spin loop whose failed reads, one in each state where the
// predicate is false, race with the writes that follow them (as a failed
// lock attempt does in Nidhugg): reversed against the last write only, it
// would never be tried where an earlier write had enabled it before a later
// one disabled it again (docs/dpor-soundness.md). Reversed against each
// write of that window, with only its own past before
// it (not every event that does not follow the write, dpor.cpp), it is
// tried in the state just before each write of the window, as each failed
// read there would be; where it cannot run, the branch is passed over.
//
// Nothing here allocates per step once the vectors have grown.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "checker/core/access.hpp"
#include "checker/core/event.hpp"
#include "checker/core/ids.hpp"
#include "checker/core/vector_clock.hpp"

namespace mmcheck {

class DporHb {
 public:
  // An earlier event e1 that races with the event just added.
  struct Race {
    int e1;
  };

  void reset();
  // Forgets events k and later, and the enablers added after event k - 1:
  // the next execution replays the first k events unchanged, so what they
  // built is kept instead of being built again.
  void truncate(int k);
  // Adds event k (events must come in order). Races are found only when
  // `want_races`; they are left in races().
  void add(const Event& e, const OpAccess& a, bool want_races);
  // The release at event k granted thread t's queued request on semaphore
  // `sem`: its wake-up follows that release and every release of `sem`
  // since the last write to it (the queueing itself, or later), whatever
  // their order. Read releases commute with each other, so which of them
  // came last must not matter.
  void add_enabler(ThreadId t, int k, ObjectId sem);

  const std::vector<Race>& races() const { return races_; }
  // For an await just added: the writes of other threads it does not
  // follow (its window, dpor_hb.hpp), and its thread's clock before it.
  const std::vector<Race>& await_window() const { return await_window_; }
  const VectorClock& await_base() const { return await_base_; }
  // The same for thread t's await that never ran (blocked when the
  // execution ended): every write of another thread t does not follow.
  void blocked_await_window(ThreadId t);
  // Whether event i is in what clock c has seen (happened before it).
  bool in_past(int i, const VectorClock& c) const { return before(i, c); }

  // The races of thread t's unknown future at the end of an execution cut
  // short by a violation: it is taken to depend on everything, so it races
  // with every event of other threads it does not follow.
  void end_races(ThreadId t);

  int size() const { return static_cast<int>(info_.size()); }
  // The vector clock of event k: what happens before it, itself included.
  const VectorClock& clock(int k) const { return clock_[k]; }
  // Whether event i happens before event j (both added).
  bool happens_before(int i, int j) const { return before(i, clock_[j]); }

 private:
  struct Info {
    ThreadId thread;
    std::uint32_t index;  // position in its thread, from 1
    bool writes;          // changes an object (what an await's predicate may read)
  };
  struct ObjectState {
    int last_write = -1;
    int last_acquire = -1;   // mutex: the last lock or successful trylock
    std::vector<int> reads;  // since last_write
  };
  // How to take back one change to the state, newest first (truncate).
  struct Undo {
    enum Kind : std::uint8_t { thread_clock, last_write, last_acquire, read_added, reads_cleared, await_added };
    Kind kind;
    int who;          // the thread or the object
    int old = 0;      // last_write, last_acquire: the old value; else an offset in a pool
    int count = 0;    // reads_cleared: how many
  };
  void save_thread_clock(ThreadId t);
  void undo(const Undo& u);
  // Whether event i happened before (or is) what clock c has seen.
  bool before(int i, const VectorClock& c) const {
    return info_[i].index <= c[info_[i].thread];
  }
  ObjectState& object(ObjectId id);
  void depend_on_write(ObjectId id);  // this event writes id
  void depend_on_read(ObjectId id);   // this event reads id
  void filter_races(ThreadId p, const VectorClock& base);
  void find_await_window(ThreadId p, const VectorClock& base);

  std::vector<Info> info_;
  std::vector<VectorClock> clock_;
  std::vector<ObjectState> objects_;
  std::vector<int> awaits_;
  std::array<VectorClock, kMaxThreads> thread_clock_{};
  std::vector<int> candidates_;
  std::vector<Race> races_;
  std::vector<Race> await_window_;
  VectorClock await_base_;
  std::vector<Undo> undo_;
  std::vector<std::size_t> marks_{0};  // event k -> undo_.size() once event k - 1 was added
  std::vector<VectorClock> saved_clocks_;
  std::vector<int> saved_reads_;
};

}  // namespace mmcheck
