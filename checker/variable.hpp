// Shared variables: every load, store and read-modify-write is a visible step.
//
//   Shared<T>  an atomic (sequentially consistent) variable: accesses order
//              threads (release/acquire), and never race.
//   Plain<T>   an ordinary variable: two accesses, one a write, that are not
//              ordered by happens-before are a data_race.
//
// T is an integer, bool or enum, so that traces show its value.
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <string>
#include <type_traits>

#include "checker/lifetime.hpp"
#include "checker/runtime.hpp"

namespace mmcheck {

template <class T>
concept TraceableValue = std::integral<T> || std::is_enum_v<T>;

template <TraceableValue T>
std::int64_t trace_value(T v) {
  if constexpr (std::is_enum_v<T>) {
    return static_cast<std::int64_t>(static_cast<std::underlying_type_t<T>>(v));
  } else {
    return static_cast<std::int64_t>(v);
  }
}

namespace detail {

// The race-detection state of one plain variable (FastTrack-style, with the
// full read set kept so that reports can name the other access).
class RaceState {
 public:
  void on_read(const Object& o, const Event& e);
  void on_write(const Object& o, const Event& e);

 private:
  ThreadId writer_ = kNoThread;
  std::uint32_t write_clock_ = 0;
  long write_step_ = -1;
  std::array<std::uint32_t, kMaxThreads> read_clock_{};
  std::array<long, kMaxThreads> read_step_{};
};

}  // namespace detail

enum class Sync { atomic, plain };

template <TraceableValue T, Sync S>
class Variable : public Object {
 public:
  Variable(std::string name, T initial = T{}, const Lifetime* owner = nullptr)
      : Object(std::move(name), S == Sync::atomic ? "atomic" : "plain", owner), value_(initial) {}

  T load(Loc loc = Loc::current()) {
    Runtime& r = rt();
    if (r.evaluating_predicate()) {
      if constexpr (S == Sync::atomic) {
        if (r.predicate_acquires()) r.acquire_from(sync_);
      }
      return value_;
    }
    Event& e = r.step({OpKind::load, this}, SourceLoc::from(loc));
    check_alive(*this, e, "load of");
    e.value = trace_value(value_);
    if (r.in_thread()) on_read(r, e);
    return value_;
  }

  // A load that may read an object whose allocation was freed, without
  // reporting use_after_free: for code that reads memory the allocator
  // keeps mapped after the free (a stale value) and only decides on it.
  // The caller says why that is safe where it calls this.
  T load_possibly_freed(Loc loc = Loc::current()) {
    Runtime& r = rt();
    Event& e = r.step({OpKind::load, this}, SourceLoc::from(loc));
    e.value = trace_value(value_);
    if (r.in_thread()) on_read(r, e);
    return value_;
  }

  void store(T v, Loc loc = Loc::current()) {
    Runtime& r = rt();
    Event& e = r.step({OpKind::store, this}, SourceLoc::from(loc));
    check_alive(*this, e, "store to");
    value_ = v;
    e.value = trace_value(v);
    if (r.in_thread()) on_write(r, e);
  }

  // Atomically replaces the value with f(old); returns the old value.
  template <class F>
  T rmw(F f, Loc loc = Loc::current()) {
    Runtime& r = rt();
    Event& e = r.step({OpKind::rmw, this}, SourceLoc::from(loc));
    check_alive(*this, e, "update of");
    const T old = value_;
    value_ = f(old);
    e.value = trace_value(old);
    e.value2 = trace_value(value_);
    if (r.in_thread()) {
      on_read(r, e);
      on_write(r, e);
    }
    return old;
  }

  T fetch_add(T d, Loc loc = Loc::current()) {
    return rmw([d](T v) { return static_cast<T>(v + d); }, loc);
  }
  T exchange(T v, Loc loc = Loc::current()) {
    return rmw([v](T) { return v; }, loc);
  }

  // On failure, a read: `expected` receives the value found.
  bool compare_exchange(T& expected, T desired, Loc loc = Loc::current()) {
    Runtime& r = rt();
    Event& e = r.step({OpKind::cas, this}, SourceLoc::from(loc));
    check_alive(*this, e, "compare-exchange of");
    const T old = value_;
    e.value = trace_value(old);
    e.ok = (old == expected);
    if (e.ok) value_ = desired;
    e.value2 = trace_value(value_);
    if (r.in_thread()) {
      on_read(r, e);
      if (e.ok) on_write(r, e);
    }
    expected = old;
    return e.ok;
  }

  // The value without a step: for setup, finish() checks and invariants.
  T peek() const { return value_; }
  // Sets the value without a step: for setup only.
  void poke(T v) { value_ = v; }

 private:
  void on_read(Runtime& r, const Event& e) {
    if constexpr (S == Sync::atomic) {
      r.acquire_from(sync_);
    } else {
      if (r.detect_races()) race_.on_read(*this, e);
    }
  }
  void on_write(Runtime& r, const Event& e) {
    if constexpr (S == Sync::atomic) {
      r.release_to(sync_);
    } else {
      if (r.detect_races()) race_.on_write(*this, e);
    }
  }

  T value_;
  struct Empty {};
  [[no_unique_address]] std::conditional_t<S == Sync::atomic, VectorClock, Empty> sync_{};
  [[no_unique_address]] std::conditional_t<S == Sync::plain, detail::RaceState, Empty> race_{};
};

template <TraceableValue T>
using Shared = Variable<T, Sync::atomic>;
template <TraceableValue T>
using Plain = Variable<T, Sync::plain>;

}  // namespace mmcheck
