#include "checker/engine/runtime.hpp"

#include <array>
#include <bit>

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>
#include <vector>

#include "checker/engine/fiber_sanitizer.hpp"
#include "checker/sync/lifetime.hpp"
#include "checker/detect/lockdep.hpp"
#include "checker/sync/object.hpp"
#include "checker/core/op_table.hpp"

namespace mmcheck {
namespace {

thread_local Runtime* g_current = nullptr;

// The runtime whose thread is running when SIGSEGV arrives, and where to go.
thread_local sigjmp_buf* g_overflow_jump = nullptr;

// AddressSanitizer's record of the fiber switches (fiber_sanitizer.hpp), per
// OS thread: the main context, and each scenario thread's fiber. A runtime
// runs one execution at a time on its OS thread, and every fiber of an
// execution is gone when it ends, so one set per OS thread is enough.
thread_local FiberSide g_asan_main;
thread_local std::array<FiberSide, kMaxThreads> g_asan_fibers;
// Whether the fiber of thread t has begun to run (and so can be unwound).
thread_local std::array<bool, kMaxThreads> g_fiber_started{};

// The pooled stack allocator, telling ASan's record where the stack is.
class AnnotatedStack {
 public:
  AnnotatedStack(StackPool& pool, FiberSide& side) : pool_(pool), side_(&side) {}
  boost::context::stack_context allocate() {
    boost::context::stack_context s = pool_.allocate();
    side_->bottom = static_cast<char*>(s.sp) - s.size;
    side_->size = s.size;
    return s;
  }
  void deallocate(boost::context::stack_context& s) noexcept { pool_.deallocate(s); }

 private:
  PooledStack pool_;
  FiberSide* side_;
};

void on_segv(int sig, siginfo_t* info, void*) {
  if (g_overflow_jump != nullptr && StackPool::is_guard_page_address(info->si_addr)) {
    FiberSide overflowed;  // never returned to
    fiber_switch_start(overflowed, g_asan_main, /*from_ends=*/true);
    siglongjmp(*g_overflow_jump, 1);
  }
  // Not a fiber stack overflow: crash as usual, with a core dump.
  signal(sig, SIG_DFL);
  raise(sig);
}

// The alternate signal stack of one OS thread. It is unregistered before
// its memory goes at thread exit: a registered stack that has been freed is
// what ASan reports as "unable to unmap" (issue 13).
class AltSignalStack {
 public:
  AltSignalStack() : memory_(64 * 1024) {
    stack_t ss{};
    ss.ss_sp = memory_.data();
    ss.ss_size = memory_.size();
    sigaltstack(&ss, nullptr);
  }
  ~AltSignalStack() {
    stack_t ss{};
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, nullptr);
  }
  AltSignalStack(const AltSignalStack&) = delete;
  AltSignalStack& operator=(const AltSignalStack&) = delete;

 private:
  std::vector<char> memory_;
};

void install_overflow_handler() {
  // The alternate signal stack is per OS thread: each thread that explores
  // needs its own, or an overflow there faults again in the handler.
  thread_local AltSignalStack alt_stack;
  (void)alt_stack;
  static bool installed = [] {
    struct sigaction sa {};
    sa.sa_sigaction = on_segv;
    // NODEFER: the handler leaves by siglongjmp without restoring the mask.
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, nullptr);
    return true;
  }();
  (void)installed;
}

}  // namespace

Runtime::Runtime(Strategy& strategy, RuntimeOptions options)
    : strategy_(strategy), options_(options), stacks_(options.stack_bytes) {
  install_overflow_handler();
  threads_.resize(kMaxThreads);
  events_.reserve(static_cast<std::size_t>(std::min(options_.max_steps, 1L << 16)) + 1);
  schedule_.reserve(events_.capacity());
}

Runtime::~Runtime() {
  if (g_current == this) g_current = nullptr;
}

Runtime& Runtime::current() {
  if (g_current == nullptr) {
    std::fputs("mmcheck: an instrumented object was used outside an execution\n", stderr);
    std::abort();
  }
  return *g_current;
}

Runtime* Runtime::current_or_null() { return g_current; }

void Runtime::begin_execution() {
  g_current = this;
  thread_count_ = 0;
  live_ = may_block_ = without_steps_ = 0;
  names_.clear();
  events_.clear();
  schedule_.clear();
  objects_.clear();
  object_keys_.clear();
  created_.fill(0);
  covered_.clear();
  notes_.clear();
  violation_.reset();
  current_ = kNoThread;
  last_ = kNoThread;
  decision_ = kDecide;
  enabled_ = 0;
  preemptions_ = 0;
  priming_ = true;
  tearing_down_ = false;
  abandoned_ = false;
}

ObjectId Runtime::register_object(const Object* o) {
  objects_.push_back(o);
  const int maker = current_ == kNoThread ? kMaxThreads : current_;
  object_keys_.push_back(std::uint64_t{static_cast<std::uint32_t>(maker)} << 32 | created_[maker]++);
  return static_cast<ObjectId>(objects_.size() - 1);
}

const std::string& Runtime::object_name(ObjectId id) const {
  static const std::string none;
  if (id < 0 || id >= static_cast<ObjectId>(objects_.size())) return none;
  return objects_[id]->name();
}

ThreadId Runtime::spawn(std::string name, std::function<void()> body) {
  if (thread_count_ == kMaxThreads) {
    report(ViolationKind::exception,
           "too many threads: mmcheck supports at most " + std::to_string(kMaxThreads), {});
    return kNoThread;
  }
  const ThreadId t = thread_count_++;
  names_.push_back(std::move(name));
  ThreadState& ts = threads_[t];
  ts.body = std::move(body);
  ts.finished = false;
  ts.await_predicate = nullptr;
  ts.pending = PendingOp{};
  ts.pending_object = nullptr;
  live_ |= bit(t);
  may_block_ &= ~bit(t);
  ts.pending_loc = SourceLoc{};
  ts.clock.clear();
  ts.clock.set(t, 1);
  if (current_ != kNoThread) {
    // Spawned by a running thread: the child starts after the spawn.
    ts.clock.join(threads_[current_].clock);
    threads_[current_].clock.tick(current_);
  }
  g_fiber_started[t] = false;
  g_asan_fibers[t] = FiberSide{};
  ts.fiber = boost::context::fiber(
      std::allocator_arg, AnnotatedStack(stacks_, g_asan_fibers[t]),
      [this, t](boost::context::fiber&& main) -> boost::context::fiber {
        fiber_switch_finish(g_asan_fibers[t], &g_asan_main);
        g_fiber_started[t] = true;
        threads_[t].main = std::move(main);
        if (tearing_down_) {
          // Resumed only to end it (end_execution): it never ran.
          fiber_switch_start(g_asan_fibers[t], g_asan_main, /*from_ends=*/true);
          return std::move(threads_[t].main);
        }
        if (!priming_) {
          // Spawned by a running thread: its first scheduling is a step.
          Event& e = events_.emplace_back();
          e.step = static_cast<long>(events_.size()) - 1;
          e.thread = t;
          e.kind = OpKind::start;
        }
        try {
          run_thread_body(t);
        } catch (const boost::context::detail::forced_unwind&) {
          // Torn down (end_execution): Boost's unwinding goes back to main.
          fiber_switch_start(g_asan_fibers[t], g_asan_main, /*from_ends=*/true);
          throw;
        }
        // Its pending operation is still the start: it never called step().
        if (threads_[t].pending.kind == OpKind::start) without_steps_ |= bit(t);
        threads_[t].finished = true;
        live_ &= ~bit(t);
        decision_ = kDecide;
        current_ = kNoThread;
        fiber_switch_start(g_asan_fibers[t], g_asan_main, /*from_ends=*/true);
        return std::move(threads_[t].main);
      });
  if (current_ == kNoThread) {
    // An initial thread runs its local prefix now, up to its first visible
    // operation, so that thread start is not a scheduling point.
    if (!resume_guarded(t)) report_stack_overflow(t);
  }
  return t;
}

void Runtime::run_thread_body(ThreadId t) {
  try {
    threads_[t].body();
  } catch (const boost::context::detail::forced_unwind&) {
    throw;
  } catch (const std::exception& e) {
    report(ViolationKind::exception,
           "thread " + names_[t] + " threw an exception: " + e.what(), {});
  } catch (...) {
    report(ViolationKind::exception, "thread " + names_[t] + " threw a non-standard exception",
           {});
  }
}

namespace {

// The kinds of operation that can be disabled (object.hpp: only lock and a
// queued rw_semaphore request; join and await by their nature).
bool may_block(OpKind k) { return op_info(k).may_block; }

}  // namespace

bool Runtime::is_enabled(ThreadId t) const {
  const ThreadState& ts = threads_[t];
  if (ts.finished) return false;
  const PendingOp& op = ts.pending;
  switch (op.kind) {
    case OpKind::join:
      return threads_[op.target].finished;
    case OpKind::await: {
      auto* self = const_cast<Runtime*>(this);
      self->evaluating_predicate_ = true;
      const bool ok = (*ts.await_predicate)();
      self->evaluating_predicate_ = false;
      return ok;
    }
    default:
      return !may_block(op.kind) || ts.pending_object == nullptr ||
             ts.pending_object->enabled(t, op.kind);
  }
}

ThreadId Runtime::decide() {
  const ThreadMask alive = live_;
  ThreadMask enabled = live_ & ~may_block_;
  for (ThreadMask m = live_ & may_block_; m != 0; m &= m - 1) {
    const ThreadId t = std::countr_zero(m);
    if (is_enabled(t)) enabled |= bit(t);
  }
  enabled_ = enabled;
  if (alive == 0) return kEnd;
  if (enabled == 0) {
    report_deadlock();
    return kStop;
  }
  if (step() >= options_.max_steps) {
    violation_ = Violation{ViolationKind::step_bound,
                           "the execution ran past --max-steps=" +
                               std::to_string(options_.max_steps) +
                               " steps: a livelock or an unbounded loop",
                           last_, step(), {}};
    return kStop;
  }
  const ThreadId t = strategy_.pick_thread(*this);
  if (t == kAbandon || t < 0 || t >= thread_count_ || (enabled & bit(t)) == 0) {
    abandoned_ = true;
    return kStop;
  }
  return t;
}

void Runtime::take(ThreadId t) {
  // A preemption: switching away from a thread that could have gone on.
  if (last_ != kNoThread && t != last_ && (enabled_ & bit(last_)) != 0) ++preemptions_;
  schedule_.push_back(ScheduleEntry{t, -1});
  last_ = t;
  current_ = t;
}

void Runtime::resume(ThreadId t) {
  current_ = t;
  resumed_ = t;
  fiber_switch_start(g_asan_main, g_asan_fibers[t]);
  threads_[t].fiber = std::move(threads_[t].fiber).resume();
  fiber_switch_finish(g_asan_main, nullptr);
  current_ = kNoThread;
}

bool Runtime::resume_guarded(ThreadId t) {
  sigjmp_buf* outer = g_overflow_jump;
  if (sigsetjmp(overflow_jump_, 0) != 0) {
    fiber_switch_finish(g_asan_main, nullptr);
    g_overflow_jump = outer;
    return false;
  }
  g_overflow_jump = &overflow_jump_;
  resume(t);
  g_overflow_jump = outer;
  return true;
}

void Runtime::switch_to_main() {
  const ThreadId self = current_;
  ThreadState& ts = threads_[self];
  fiber_switch_start(g_asan_fibers[self], g_asan_main);
  try {
    ts.main = std::move(ts.main).resume();
  } catch (const boost::context::detail::forced_unwind&) {
    fiber_switch_finish(g_asan_fibers[self], &g_asan_main);  // back here to be unwound
    throw;
  }
  fiber_switch_finish(g_asan_fibers[self], &g_asan_main);
}

Event& Runtime::step(const StepRequest& op, const SourceLoc& loc) {
  if (!in_thread()) {
    scratch_ = Event{};
    scratch_.kind = op.kind;
    return scratch_;
  }
  const ThreadId self = current_;
  ThreadState& ts = threads_[self];
  ts.pending.kind = op.kind;
  ts.pending.target = op.target;
  ts.pending_object = op.object;
  if (op.object != nullptr) {
    ts.pending.object = op.object->id();
    ts.pending.owner = op.object->owner_id();
  } else {
    ts.pending.object = ts.pending.owner = kNoObject;
  }
  if (may_block(op.kind)) {
    may_block_ |= bit(self);
  } else {
    may_block_ &= ~bit(self);
  }
  ts.pending_loc = loc;
  if (priming_) {
    decision_ = kDecide;
    switch_to_main();
  } else {
    const ThreadId next = decide();
    if (next == self) {
      take(self);
    } else {
      decision_ = next;
      switch_to_main();
    }
  }
  // Scheduled: the main context called take(self) before resuming us.
  Event& e = events_.emplace_back();
  e.step = static_cast<long>(events_.size()) - 1;
  e.thread = self;
  e.kind = op.kind;
  e.object = ts.pending.object;
  e.owner = ts.pending.owner;
  e.loc = loc;
  return e;
}

int Runtime::pick_value(int n) {
  if (!in_thread()) return 0;
  const int v = strategy_.pick_value(*this, n);
  if (v == kAbandon || v < 0 || v >= n) {
    abandoned_ = true;
    decision_ = kStop;
    switch_to_main();
  }
  schedule_.back().choice = v;
  return v;
}

void Runtime::report(ViolationKind kind, std::string message, const SourceLoc& loc,
                     std::vector<LockWitness> chain) {
  if (tearing_down_) return;
  if (!violation_) {
    violation_ = Violation{kind, std::move(message), current_,
                           events_.empty() ? 0 : events_.back().step, loc, std::move(chain)};
  }
  if (current_ == kNoThread) throw ExecutionStopped{};
  decision_ = kStop;
  switch_to_main();
  // Resumed only to be unwound: switch_to_main throws forced_unwind then.
  std::abort();
}

void Runtime::lockdep_acquire(const Object& lock, bool read, bool trylock, const Event& e) {
  auto cycle = lockdep_->acquire(current_, names_[current_], lock, read, trylock, e.step, e.loc);
  if (cycle) report(ViolationKind::lock_order, std::move(cycle->message), e.loc,
                    std::move(cycle->chain));
}

void Runtime::lockdep_release(const Object& lock, bool downgrade) {
  if (downgrade) {
    lockdep_->downgrade(current_, lock);
  } else {
    lockdep_->release(current_, lock);
  }
}

void Runtime::note(std::string name, std::string value) {
  if (!in_thread()) return;
  // The running thread took the latest step, if it has taken one: no other
  // thread runs between its step and its next announcement.
  long step = -1;
  if (!events_.empty() && events_.back().thread == current_) step = events_.back().step;
  notes_.push_back(Note{step, current_, std::move(name), std::move(value)});
}

void Runtime::cover(const char* point) {
  for (const char* c : covered_)
    if (c == point || std::strcmp(c, point) == 0) return;
  covered_.push_back(point);
}

ExecutionEnd Runtime::run() {
  priming_ = false;
  current_ = kNoThread;
  if (violation_) return ExecutionEnd::violation;
  // One landing point for a guard-page hit in any thread of the execution,
  // set once: a sigsetjmp per resume was 2% of a benchmark's time.
  sigjmp_buf* const outer = g_overflow_jump;
  if (sigsetjmp(overflow_jump_, 0) != 0) {
    fiber_switch_finish(g_asan_main, nullptr);
    g_overflow_jump = outer;
    report_stack_overflow(resumed_);
    current_ = kNoThread;
    return ExecutionEnd::violation;
  }
  g_overflow_jump = &overflow_jump_;
  const ExecutionEnd end = run_threads();
  g_overflow_jump = outer;
  return end;
}

ExecutionEnd Runtime::run_threads() {
  ThreadId next = decide();
  for (;;) {
    if (next == kEnd) return ExecutionEnd::completed;
    if (next == kStop) break;
    take(next);
    resume(next);
    next = decision_;
    if (next == kDecide) next = decide();
  }
  current_ = kNoThread;
  if (violation_) return ExecutionEnd::violation;
  return ExecutionEnd::abandoned;
}

void Runtime::end_execution() {
  tearing_down_ = true;
  for (ThreadId t = 0; t < thread_count_; ++t) {
    ThreadState& ts = threads_[t];
    current_ = t;
    // Destroying a suspended fiber unwinds its stack (forced_unwind), so
    // scenario destructors run; instrumented calls made by them are inert.
    // One that never ran is resumed instead, and ends at once: both ways
    // are switches ASan is told about (fiber_sanitizer.hpp).
    if (ts.fiber) {
      fiber_switch_start(g_asan_main, g_asan_fibers[t]);
      if (g_fiber_started[t]) {
        ts.fiber = {};
      } else {
        ts.fiber = std::move(ts.fiber).resume();
      }
      fiber_switch_finish(g_asan_main, nullptr);
    }
    ts.body = nullptr;
  }
  current_ = kNoThread;
  tearing_down_ = false;
  objects_.clear();  // object_keys_ stay until the next execution: strategies read them
  if (g_current == this) g_current = nullptr;
}

std::string Runtime::blocked_on(ThreadId t) const {
  const PendingOp& op = threads_[t].pending;
  const SourceLoc& loc = threads_[t].pending_loc;
  const std::string at = loc.line == 0 ? std::string()
                                       : std::string(" at ") + SourceLoc::relative_path(loc.file) +
                                             ":" + std::to_string(loc.line);
  const std::string what = names_[t] + " waits in ";
  if (op.kind == OpKind::join) return what + "join of " + names_[op.target] + at;
  if (op.kind == OpKind::await) return what + "await" + at + " for a condition that does not hold";
  const Object* object = threads_[t].pending_object;
  if (object == nullptr) return what + std::string(to_string(op.kind)) + at;
  std::string s = what + object->waiting_in(t, op.kind) + at;
  const std::string h = object->holders();
  if (!h.empty()) s += ", " + h;
  return s;
}

void Runtime::report_deadlock() {
  std::string msg = "no thread can run;";  // the kind says "deadlock" already
  bool first = true;
  for (ThreadId t = 0; t < thread_count_; ++t) {
    if (threads_[t].finished) continue;
    msg += first ? " " : "; ";
    msg += blocked_on(t);
    first = false;
  }
  ThreadId who = last_;
  violation_ = Violation{ViolationKind::deadlock, msg, who, step(), {}};
  if (who != kNoThread && !events_.empty()) violation_->loc = events_.back().loc;
}

void Runtime::report_stack_overflow(ThreadId t) {
  // The fiber's stack is unusable: it can be neither resumed nor unwound, so
  // its stack and both continuations are abandoned. Destroying the
  // continuation back to main would jump there to unwind it; it owns no
  // memory, so it goes into storage whose destructor never runs (not onto
  // the heap: that was a leak LeakSanitizer reported once per overflow).
  ThreadState& ts = threads_[t];
  alignas(boost::context::fiber) unsigned char dropped[sizeof(boost::context::fiber)];
  ::new (static_cast<void*>(dropped)) boost::context::fiber(std::move(ts.main));
  ts.finished = true;
  live_ &= ~bit(t);
  current_ = kNoThread;
  if (!violation_) {
    violation_ = Violation{ViolationKind::exception,
                           "stack overflow in thread " + names_[t] +
                               ": it hit the guard page below its " +
                               std::to_string(options_.stack_bytes / 1024) + " KiB stack",
                           t, step(), {}};
  }
}

}  // namespace mmcheck
