// The execution engine: runs scenario threads on fibers, one visible step at
// a time, asking a Strategy which thread goes next.
//
// Protocol: a thread announces its next visible operation (step()) and is
// suspended until the strategy picks it; only then does the operation take
// effect. So at every scheduling point the engine knows each thread's next
// operation and whether it is enabled. When the strategy picks the thread
// that is already running, no context switch happens at all.
#pragma once

#include <boost/context/fiber.hpp>
#include <array>
#include <cstdint>
#include <csetjmp>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checker/core/event.hpp"
#include "checker/core/ids.hpp"
#include "checker/engine/stack_pool.hpp"
#include "checker/explore/strategy.hpp"
#include "checker/core/vector_clock.hpp"
#include "checker/core/violation.hpp"

namespace mmcheck {

class LockDep;
class Object;

// One entry per step: which thread ran, and the value of its choose().
struct ScheduleEntry {
  ThreadId thread = kNoThread;
  int choice = -1;
};

struct RuntimeOptions {
  long max_steps = 100000;
  std::size_t stack_bytes = 256 * 1024;
  bool detect_races = true;
};

// Thrown in the main context to stop an execution (a check in finish()).
struct ExecutionStopped {};

class Runtime final : public SchedulerView {
 public:
  Runtime(Strategy& strategy, RuntimeOptions options);
  ~Runtime() override;
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // The runtime of the execution being built or run on this OS thread.
  static Runtime& current();
  static Runtime* current_or_null();

  // ---- Execution lifecycle (driven by the explorer) ----
  void begin_execution();  // fresh state; objects constructed now register here
  ExecutionEnd run();      // schedules until the end, a violation or abandon
  void end_execution();    // unwinds unfinished threads; forgets the objects

  // ---- Results of the last execution ----
  const std::optional<Violation>& violation() const { return violation_; }
  std::span<const ScheduleEntry> schedule() const { return schedule_; }
  const std::vector<std::string>& thread_names() const { return names_; }
  const std::vector<const Object*>& objects() const { return objects_; }
  const std::vector<const char*>& covered() const { return covered_; }
  const std::vector<Note>& notes() const { return notes_; }
  void note(std::string name, std::string value);
  // Context switches away from a thread that was still enabled.
  long preemptions() const { return preemptions_; }
  // Threads that finished without announcing a single visible operation:
  // the usual sign of code on uninstrumented types (std::atomic, plain int).
  ThreadMask threads_without_steps() const { return without_steps_; }
  const std::string& object_name(ObjectId id) const override;
  std::size_t object_count() const override { return objects_.size(); }

  // ---- API for instrumented objects ----
  ObjectId register_object(const Object* o);
  // Announces the calling thread's next operation and returns once the
  // strategy has scheduled it, with the event to fill in. Outside a scenario
  // thread (setup, finish, unwinding) it returns at once with a scratch event.
  struct StepRequest {
    OpKind kind;
    Object* object = nullptr;
    ThreadId target = kNoThread;  // join
  };
  Event& step(const StepRequest& op, const SourceLoc& loc);
  // A choose() value for the step just taken.
  int pick_value(int n);
  // Reports a violation. Inside a thread it never returns, except while
  // unwinding; in the main context it throws ExecutionStopped.
  void report(ViolationKind kind, std::string message, const SourceLoc& loc,
              std::vector<LockWitness> chain = {});
  // Lock-order checking, when on (owned by the explorer, kept across
  // executions); null when off.
  LockDep* lockdep() const { return lockdep_; }
  void set_lockdep(LockDep* l) { lockdep_ = l; }
  // Lock objects tell lock-order checking what they do (no-ops when it is off).
  void lock_acquired(const Object& lock, bool read, bool trylock, const Event& e) {
    if (lockdep_ != nullptr && in_thread()) lockdep_acquire(lock, read, trylock, e);
  }
  void lock_released(const Object& lock) {
    if (lockdep_ != nullptr && in_thread()) lockdep_release(lock, false);
  }
  void lock_downgraded(const Object& lock) {
    if (lockdep_ != nullptr && in_thread()) lockdep_release(lock, true);
  }
  ThreadId spawn(std::string name, std::function<void()> body);
  bool finished(ThreadId t) const { return threads_[t].finished; }
  ThreadId current_thread() const { return current_; }
  bool in_thread() const { return current_ != kNoThread && !tearing_down_; }
  bool tearing_down() const { return tearing_down_; }
  void cover(const char* point);
  // While an await predicate is evaluated, loads read without a step.
  bool evaluating_predicate() const { return evaluating_predicate_; }
  void set_await_predicate(std::function<bool()>* p) { threads_[current_].await_predicate = p; }
  // Once its await is scheduled, the thread reads the predicate once more and
  // its atomic loads acquire, as the last load of the spin loop it models does.
  bool predicate_acquires() const { return predicate_acquires_; }
  void acquire_predicate(const std::function<bool()>& pred) {
    evaluating_predicate_ = predicate_acquires_ = true;
    (void)pred();
    evaluating_predicate_ = predicate_acquires_ = false;
  }

  // Happens-before of the running thread, for race detection.
  bool detect_races() const { return options_.detect_races; }
  VectorClock& clock() { return threads_[current_].clock; }
  void acquire_from(const VectorClock& c) { clock().join(c); }
  void release_to(VectorClock& c) {
    c.join(clock());
    clock().tick(current_);
  }
  const VectorClock& clock_of(ThreadId t) const { return threads_[t].clock; }

  // ---- SchedulerView ----
  long step() const override { return static_cast<long>(events_.size()); }
  ThreadMask enabled() const override { return enabled_; }
  ThreadMask live() const override { return live_; }
  std::uint64_t object_key(ObjectId id) const override { return object_keys_[id]; }
  ThreadId last_thread() const override { return last_; }
  int thread_count() const override { return thread_count_; }
  const PendingOp& pending(ThreadId t) const override { return threads_[t].pending; }
  std::span<const Event> events() const override { return events_; }
  std::string blocked_reason(ThreadId t) const override { return blocked_on(t); }
  const std::string& thread_name(ThreadId t) const override { return names_[t]; }

 private:
  struct ThreadState {
    boost::context::fiber fiber;  // the thread, while suspended
    boost::context::fiber main;   // the main context, while the thread runs
    boost::context::stack_context stack{};
    std::function<void()> body;
    PendingOp pending;
    Object* pending_object = nullptr;  // pending.object, for enabled() and waiting_in()
    SourceLoc pending_loc;
    std::function<bool()>* await_predicate = nullptr;
    VectorClock clock;
    bool finished = false;
  };
  // What a thread tells the main context when it switches back.
  static constexpr ThreadId kDecide = -2;  // main must decide (thread ended)
  static constexpr ThreadId kStop = -3;    // the execution is over
  static constexpr ThreadId kEnd = -4;     // every thread finished

  void lockdep_acquire(const Object& lock, bool read, bool trylock, const Event& e);
  void lockdep_release(const Object& lock, bool downgrade);
  ThreadId decide();
  bool is_enabled(ThreadId t) const;
  void take(ThreadId t);
  void resume(ThreadId t);
  bool resume_guarded(ThreadId t);
  ExecutionEnd run_threads();
  void switch_to_main();
  void run_thread_body(ThreadId t);
  void report_deadlock();
  void report_stack_overflow(ThreadId t);
  std::string blocked_on(ThreadId t) const;

  Strategy& strategy_;
  RuntimeOptions options_;
  StackPool stacks_;
  std::vector<ThreadState> threads_;
  int thread_count_ = 0;
  std::vector<std::string> names_;
  std::vector<Event> events_;
  std::vector<ScheduleEntry> schedule_;
  std::vector<const Object*> objects_;
  std::vector<std::uint64_t> object_keys_;                // see object_key()
  std::array<std::uint32_t, kMaxThreads + 1> created_{};  // objects made, per thread and setup
  std::vector<const char*> covered_;
  std::vector<Note> notes_;
  std::optional<Violation> violation_;
  Event scratch_;
  ThreadId current_ = kNoThread;
  ThreadId last_ = kNoThread;
  ThreadId resumed_ = kNoThread;  // the thread last resumed: it hit a guard page
  ThreadId decision_ = kDecide;
  ThreadMask enabled_ = 0;
  ThreadMask live_ = 0;       // spawned and not finished
  ThreadMask may_block_ = 0;  // whose pending operation can be disabled
  ThreadMask without_steps_ = 0;  // see threads_without_steps()
  long preemptions_ = 0;
  bool priming_ = false;
  bool tearing_down_ = false;
  bool abandoned_ = false;
  bool evaluating_predicate_ = false;
  LockDep* lockdep_ = nullptr;
  bool predicate_acquires_ = false;
  sigjmp_buf overflow_jump_;
};

inline Runtime& rt() { return Runtime::current(); }

}  // namespace mmcheck
