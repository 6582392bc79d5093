// std-style types for checking C++ code written against <mutex>, <atomic>,
// <thread>, <shared_mutex> and <condition_variable>: replace `std::` by
// `mmcheck::std_like::`. Each type is a thin wrapper over one of checker/'s
// instrumented types.
//
//   mutex               Mutex (not recursive; unlock by a non-owner is reported)
//   shared_mutex        RwSemaphore: a reader arriving while a writer waits
//                       queues behind it (a choice the standard allows)
//   atomic<T>           Shared<T>, for integers, bool and enums. Every
//                       operation is sequentially consistent whatever
//                       memory_order it is given: weaker orders are not
//                       modelled (yet), so a bug that needs a relaxed or
//                       acquire/release reordering is not found.
//                       compare_exchange_weak never fails spuriously.
//   thread              spawn/join; a thread destroyed unjoined is detached
//                       (std::thread would call std::terminate)
//   condition_variable  waits that can end without a notify (spurious
//                       wake-ups) as a nondeterministic choice, on by
//                       default as the standard allows, at most one in a
//                       row per thread (so a wait loop terminates);
//                       notify_one wakes one waiter, chosen
//                       nondeterministically
//   lock_guard, unique_lock, shared_lock, scoped_lock
//                       as std's, but they record where the user's code took
//                       the lock (std::lock_guard works too, and its steps
//                       point into the standard library's header). A
//                       scoped_lock of several mutexes takes them in the
//                       order they were constructed: deadlock-free like
//                       std::lock, whose back-off loop is not modelled.
//
// Names: every constructor takes an optional name; without one an object is
// named after its type and where it was constructed, "mutex (dcl.cpp:12)".
#pragma once

#include <atomic>
#include <bit>
#include <concepts>
#include <cstdint>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>

#include "checker/sync/api.hpp"
#include "mmcheck/detail/naming.hpp"

namespace mmcheck::std_like {

using std::adopt_lock;
using std::adopt_lock_t;
using std::defer_lock;
using std::defer_lock_t;
using std::try_to_lock;
using std::try_to_lock_t;

// memory_order arguments are accepted and ignored: everything is seq_cst.
using std::memory_order;
using std::memory_order_acq_rel;
using std::memory_order_acquire;
using std::memory_order_consume;
using std::memory_order_relaxed;
using std::memory_order_release;
using std::memory_order_seq_cst;

class mutex {
 public:
  explicit mutex(Loc loc = Loc::current()) : m_(detail::located("mutex", loc)) {}
  explicit mutex(std::string name) : m_(std::move(name)) {}
  void lock(Loc loc = Loc::current()) { m_.lock(loc); }
  bool try_lock(Loc loc = Loc::current()) { return m_.try_lock(loc); }
  void unlock(Loc loc = Loc::current()) { m_.unlock(loc); }
  // The instrumented lock, for lockdep-style checks and tests.
  Mutex& native_handle() { return m_; }

 private:
  Mutex m_;
};

class shared_mutex {
 public:
  explicit shared_mutex(Loc loc = Loc::current()) : s_(detail::located("shared_mutex", loc)) {}
  explicit shared_mutex(std::string name) : s_(std::move(name)) {}
  void lock(Loc loc = Loc::current()) { s_.down_write(loc); }
  bool try_lock(Loc loc = Loc::current()) { return s_.down_write_trylock(loc); }
  void unlock(Loc loc = Loc::current()) { s_.up_write(loc); }
  void lock_shared(Loc loc = Loc::current()) { s_.down_read(loc); }
  bool try_lock_shared(Loc loc = Loc::current()) { return s_.down_read_trylock(loc); }
  void unlock_shared(Loc loc = Loc::current()) { s_.up_read(loc); }
  RwSemaphore& native_handle() { return s_; }

 private:
  RwSemaphore s_;
};

template <TraceableValue T>
class atomic {
 public:
  atomic(T initial = T{}, Loc loc = Loc::current())
      : v_(detail::located("atomic", loc), initial) {}
  atomic(std::string name, T initial) : v_(std::move(name), initial) {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  T load(memory_order = memory_order_seq_cst, Loc loc = Loc::current()) { return v_.load(loc); }
  void store(T v, memory_order = memory_order_seq_cst, Loc loc = Loc::current()) { v_.store(v, loc); }
  T exchange(T v, memory_order = memory_order_seq_cst, Loc loc = Loc::current()) {
    return v_.exchange(v, loc);
  }
  bool compare_exchange_strong(T& expected, T desired, memory_order = memory_order_seq_cst,
                               memory_order = memory_order_seq_cst, Loc loc = Loc::current()) {
    return v_.compare_exchange(expected, desired, loc);
  }
  bool compare_exchange_weak(T& expected, T desired, memory_order = memory_order_seq_cst,
                             memory_order = memory_order_seq_cst, Loc loc = Loc::current()) {
    return v_.compare_exchange(expected, desired, loc);
  }
  T fetch_add(T d, memory_order = memory_order_seq_cst, Loc loc = Loc::current())
    requires std::integral<T>
  {
    return v_.fetch_add(d, loc);
  }
  T fetch_sub(T d, memory_order = memory_order_seq_cst, Loc loc = Loc::current())
    requires std::integral<T>
  {
    return v_.rmw([d](T x) { return static_cast<T>(x - d); }, loc);
  }
  T fetch_and(T m, memory_order = memory_order_seq_cst, Loc loc = Loc::current())
    requires std::integral<T>
  {
    return v_.rmw([m](T x) { return static_cast<T>(x & m); }, loc);
  }
  T fetch_or(T m, memory_order = memory_order_seq_cst, Loc loc = Loc::current())
    requires std::integral<T>
  {
    return v_.rmw([m](T x) { return static_cast<T>(x | m); }, loc);
  }
  T fetch_xor(T m, memory_order = memory_order_seq_cst, Loc loc = Loc::current())
    requires std::integral<T>
  {
    return v_.rmw([m](T x) { return static_cast<T>(x ^ m); }, loc);
  }
  // Operators are the seq_cst operations; each is one visible step.
  operator T() { return load(); }
  T operator=(T v) {
    store(v);
    return v;
  }
  T operator++() requires std::integral<T> { return static_cast<T>(fetch_add(1) + 1); }
  T operator++(int) requires std::integral<T> { return fetch_add(1); }
  T operator--() requires std::integral<T> { return static_cast<T>(fetch_sub(1) - 1); }
  T operator--(int) requires std::integral<T> { return fetch_sub(1); }
  T operator+=(T d) requires std::integral<T> { return static_cast<T>(fetch_add(d) + d); }
  T operator-=(T d) requires std::integral<T> { return static_cast<T>(fetch_sub(d) - d); }

  // The value without a step: for setup and finish() checks.
  T peek() const { return v_.peek(); }

 private:
  Shared<T> v_;
};

template <class M>
class lock_guard {
 public:
  explicit lock_guard(M& m, Loc loc = Loc::current()) : m_(m), loc_(loc) { m_.lock(loc); }
  lock_guard(M& m, adopt_lock_t, Loc loc = Loc::current()) : m_(m), loc_(loc) {}
  ~lock_guard() { m_.unlock(loc_); }
  lock_guard(const lock_guard&) = delete;
  lock_guard& operator=(const lock_guard&) = delete;

 private:
  M& m_;
  Loc loc_;
};

// Exclusive ownership of M (mutex or shared_mutex), movable, re-lockable.
template <class M>
class unique_lock {
 public:
  unique_lock() = default;
  explicit unique_lock(M& m, Loc loc = Loc::current()) : m_(&m) { lock(loc); }
  unique_lock(M& m, defer_lock_t) : m_(&m) {}
  unique_lock(M& m, try_to_lock_t, Loc loc = Loc::current()) : m_(&m) { try_lock(loc); }
  unique_lock(M& m, adopt_lock_t) : m_(&m), owns_(true) {}
  unique_lock(unique_lock&& o) noexcept
      : m_(std::exchange(o.m_, nullptr)), owns_(std::exchange(o.owns_, false)) {}
  unique_lock& operator=(unique_lock&& o) noexcept {
    if (owns_) m_->unlock();
    m_ = std::exchange(o.m_, nullptr);
    owns_ = std::exchange(o.owns_, false);
    return *this;
  }
  ~unique_lock() {
    if (owns_) m_->unlock();
  }
  void lock(Loc loc = Loc::current()) {
    m_->lock(loc);
    owns_ = true;
  }
  bool try_lock(Loc loc = Loc::current()) { return owns_ = m_->try_lock(loc); }
  void unlock(Loc loc = Loc::current()) {
    m_->unlock(loc);
    owns_ = false;
  }
  M* release() noexcept {
    owns_ = false;
    return std::exchange(m_, nullptr);
  }
  bool owns_lock() const noexcept { return owns_; }
  explicit operator bool() const noexcept { return owns_; }
  M* mutex() const noexcept { return m_; }

 private:
  M* m_ = nullptr;
  bool owns_ = false;
};

// Shared ownership of a shared_mutex.
template <class M>
class shared_lock {
 public:
  explicit shared_lock(M& m, Loc loc = Loc::current()) : m_(&m) { lock(loc); }
  shared_lock(M& m, defer_lock_t) : m_(&m) {}
  ~shared_lock() {
    if (owns_) m_->unlock_shared();
  }
  shared_lock(const shared_lock&) = delete;
  shared_lock& operator=(const shared_lock&) = delete;
  void lock(Loc loc = Loc::current()) {
    m_->lock_shared(loc);
    owns_ = true;
  }
  void unlock(Loc loc = Loc::current()) {
    m_->unlock_shared(loc);
    owns_ = false;
  }
  bool owns_lock() const noexcept { return owns_; }

 private:
  M* m_;
  bool owns_ = false;
};

template <class... Ms>
class scoped_lock {
 public:
  explicit scoped_lock(Ms&... ms, Loc loc = Loc::current()) : ms_(ms...), loc_(loc) {
    std::apply([&](auto&... m) { lock_in_order(loc, &m...); }, ms_);
  }
  ~scoped_lock() {
    std::apply([this](auto&... m) { (m.unlock(loc_), ...); }, ms_);
  }
  scoped_lock(const scoped_lock&) = delete;
  scoped_lock& operator=(const scoped_lock&) = delete;

 private:
  template <class... Ps>
  static void lock_in_order(const Loc& loc, Ps... ms) {
    constexpr std::size_t n = sizeof...(Ps);
    if constexpr (n > 0) {
      // Same types in practice (mutex); ordered by construction (object id).
      using First = std::remove_pointer_t<std::tuple_element_t<0, std::tuple<Ps...>>>;
      First* sorted[n] = {ms...};
      for (std::size_t i = 1; i < n; ++i)
        for (std::size_t j = i; j > 0 && sorted[j]->native_handle().id() <
                                            sorted[j - 1]->native_handle().id();
             --j)
          std::swap(sorted[j], sorted[j - 1]);
      for (First* m : sorted) m->lock(loc);
    }
  }
  std::tuple<Ms&...> ms_;
  Loc loc_;
};

template <class... Ms>
scoped_lock(Ms&...) -> scoped_lock<Ms...>;

class thread {
 public:
  thread() = default;
  // Starts f as a new scenario thread (a step when called from one).
  template <class F>
    requires std::invocable<F&>
  explicit thread(F&& f, Loc loc = Loc::current())
      : t_(spawn(detail::located("thread", loc), std::function<void()>(std::forward<F>(f)), loc)) {}
  template <class F>
  thread(std::string name, F&& f, Loc loc = Loc::current())
      : t_(spawn(std::move(name), std::function<void()>(std::forward<F>(f)), loc)) {}
  thread(thread&& o) noexcept : t_(std::exchange(o.t_, Thread{})) {}
  thread& operator=(thread&& o) noexcept {
    t_ = std::exchange(o.t_, Thread{});
    return *this;
  }
  bool joinable() const { return t_.id != kNoThread; }
  void join(Loc loc = Loc::current()) {
    if (!joinable()) {
      report_violation(ViolationKind::exception,
                       "std_like::thread::join on a thread that is not joinable", loc);
      return;
    }
    mmcheck::join(t_, loc);
    t_ = Thread{};
  }
  void detach() { t_ = Thread{}; }

 private:
  Thread t_;
};

// Waiters are kept in one atomic word (a bit per scenario thread waiting,
// and a bit per thread notified), so that notify and wait each change it in
// one read-modify-write; kMaxThreads is at most 16.
class condition_variable {
 public:
  struct no_spurious_wakeups_t {};
  explicit condition_variable(Loc loc = Loc::current())
      : state_(detail::located("condition_variable", loc), 0) {}
  explicit condition_variable(std::string name) : state_(std::move(name), 0) {}
  // A condition variable whose waits end only when notified.
  condition_variable(no_spurious_wakeups_t, Loc loc = Loc::current())
      : state_(detail::located("condition_variable", loc), 0), spurious_(false) {}
  condition_variable(std::string name, no_spurious_wakeups_t)
      : state_(std::move(name), 0), spurious_(false) {}

  void wait(unique_lock<mutex>& lock, Loc loc = Loc::current()) {
    static_assert(kMaxThreads <= 16);
    const std::uint32_t me = std::uint32_t{1} << current_thread();
    // Registered while the lock is held: a notify after this point wakes us.
    state_.rmw([me](std::uint32_t s) { return s | me; }, loc);
    lock.unlock(loc);
    // At most one spurious wake-up in a row per thread: unbounded ones would
    // make every `while (!pred) wait()` loop a step_bound livelock.
    if (spurious_ && (woke_spuriously_ & me) == 0 && choose(2, loc) == 1) {
      // Woken without a notify (or by one that raced with this choice).
      state_.rmw([me](std::uint32_t s) { return s & ~me & ~(me << 16); }, loc);
      woke_spuriously_ |= me;
    } else {
      await([this, me] { return (state_.load() & (me << 16)) != 0; }, loc);
      state_.rmw([me](std::uint32_t s) { return s & ~me & ~(me << 16); }, loc);
      woke_spuriously_ &= ~me;
    }
    lock.lock(loc);
  }
  template <class Predicate>
  void wait(unique_lock<mutex>& lock, Predicate pred, Loc loc = Loc::current()) {
    while (!pred()) wait(lock, loc);
  }
  void notify_one(Loc loc = Loc::current()) {
    std::uint32_t s = state_.load(loc);
    for (;;) {
      const std::uint32_t waiting = s & 0xffffu & ~(s >> 16);
      if (waiting == 0) return;
      int n = std::popcount(waiting);
      int pick = n > 1 ? choose(n, loc) : 0;
      std::uint32_t w = waiting;
      for (; pick > 0; --pick) w &= w - 1;
      const std::uint32_t chosen = w & -w;
      if (state_.compare_exchange(s, s | (chosen << 16), loc)) return;
    }
  }
  void notify_all(Loc loc = Loc::current()) {
    state_.rmw([](std::uint32_t s) { return s | ((s & 0xffffu) << 16); }, loc);
  }

 private:
  Shared<std::uint32_t> state_;
  bool spurious_ = true;
  std::uint32_t woke_spuriously_ = 0;  // threads whose last wait ended spuriously
};

inline constexpr condition_variable::no_spurious_wakeups_t no_spurious_wakeups{};

}  // namespace mmcheck::std_like
