// The one interface every exploration strategy answers (dfs, dpor, random,
// pct, replay): which thread runs next, and which value a choose() returns.
// The engine does not know which strategy it is talking to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "checker/core/event.hpp"
#include "checker/core/ids.hpp"

namespace mmcheck {

class Object;
class StateReader;
class StateWriter;

// The operation a thread will execute when it is next scheduled, by ids:
// strategies see what it is, never the object itself.
struct PendingOp {
  OpKind kind = OpKind::start;
  ObjectId object = kNoObject;
  ObjectId owner = kNoObject;   // the Lifetime `object` lives in, as in Event
  ThreadId target = kNoThread;  // join
};

// What a strategy may look at when it decides.
class SchedulerView {
 public:
  virtual ~SchedulerView() = default;
  virtual long step() const = 0;             // the step about to be taken
  virtual ThreadMask enabled() const = 0;    // threads that can run now
  virtual ThreadMask live() const = 0;       // threads that have not finished
  virtual ThreadId last_thread() const = 0;  // ran the previous step, or kNoThread
  virtual int thread_count() const = 0;
  virtual const PendingOp& pending(ThreadId t) const = 0;
  virtual std::span<const Event> events() const = 0;
  // Why thread t cannot run: "waits in lock(m), held by t2 since step 4".
  virtual std::string blocked_reason(ThreadId t) const = 0;
  virtual const std::string& thread_name(ThreadId t) const = 0;
  // The objects registered so far in this execution, by ObjectId.
  virtual std::size_t object_count() const = 0;
  virtual const std::string& object_name(ObjectId id) const = 0;  // "" for no such id
  // An object's identity that does not depend on the interleaving: the
  // thread that created it (or none: the scenario's setup) and how many
  // objects that thread had created before it. Ids are given in creation
  // order, so they can differ between equivalent executions.
  virtual std::uint64_t object_key(ObjectId id) const = 0;
};

// How an execution ended, as a strategy needs to know.
enum class ExecutionEnd {
  completed,  // every thread finished
  violation,  // a violation stopped it
  abandoned,  // the strategy gave up on it (replay divergence, redundant)
};

inline constexpr int kAbandon = -1;

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string_view name() const = 0;
  // Prepares the next execution; false when there is none left.
  virtual bool begin_execution() = 0;
  // A thread in view.enabled(), or kAbandon to stop this execution.
  virtual ThreadId pick_thread(const SchedulerView& view) = 0;
  // A value in [0, n), or kAbandon.
  virtual int pick_value(const SchedulerView& view, int n) = 0;
  virtual void end_execution(ExecutionEnd end) = 0;
  // Whether running out of executions means every behaviour was explored.
  virtual bool exhaustive() const = 0;
  // Non-empty when the strategy stopped because something was wrong (the
  // scenario is not deterministic, a replayed schedule cannot go on).
  virtual const std::string& failure() const = 0;
  // An estimate of the share of the exploration done, in [0, 1], or a
  // negative number when the strategy cannot tell (for progress reports).
  virtual double fraction_done() const { return -1; }
  // Branches the strategy had planned and dropped because the thread they
  // named could not run when they were reached (dpor.hpp); 0 for others.
  virtual long divergences() const { return 0; }

  // Checkpoints (checker/engine/checkpoint.hpp), between two executions only:
  // save_state writes what a new strategy of the same kind and options
  // needs to go on exactly where this one is; restore_state, on such a new
  // strategy before its first begin_execution, reads it back (throwing
  // CheckpointError on data it cannot be). A strategy that cannot says why
  // in a sentence; empty when it can.
  virtual std::string checkpoint_unsupported() const {
    return "--strategy " + std::string(name()) + " cannot be checkpointed";
  }
  virtual void save_state(StateWriter&) const {}
  virtual void restore_state(StateReader&) {}
};

}  // namespace mmcheck
