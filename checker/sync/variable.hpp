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

#include "checker/core/event.hpp"
#include "checker/sync/lifetime.hpp"
#include "checker/core/source_loc.hpp"
#include "checker/core/vector_clock.hpp"

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

// What a variable's steps do besides its value, out of line
// (variable.cpp): the step itself and the happens-before (atomic) or race
// (plain) bookkeeping, so that model code sees no runtime internals.
template <Sync S>
class VariableCore : public Object {
 protected:
  VariableCore(std::string&& name, const Lifetime* owner)
      : Object(std::move(name), S == Sync::atomic ? "atomic" : "plain", owner) {}
  // An await predicate is reading: no step (an atomic read still orders).
  bool read_for_predicate();
  // Announces and takes the step; `what` names it for use_after_free
  // ("load of"), or is null for an access that may touch freed memory.
  Event& begin(OpKind kind, Loc loc, const char* what);
  // What a read or write orders or races with (nothing outside a thread).
  void after_read(const Event& e);
  void after_write(const Event& e);

 private:
  struct Empty {};
  [[no_unique_address]] std::conditional_t<S == Sync::atomic, VectorClock, Empty> sync_{};
  [[no_unique_address]] std::conditional_t<S == Sync::plain, detail::RaceState, Empty> race_{};
};

extern template class VariableCore<Sync::atomic>;
extern template class VariableCore<Sync::plain>;

template <TraceableValue T, Sync S>
class Variable : public VariableCore<S> {
  using Core = VariableCore<S>;

 public:
  Variable(std::string name, T initial = T{}, const Lifetime* owner = nullptr)
      : Core(std::move(name), owner), value_(initial) {}

  T load(Loc loc = Loc::current()) {
    if (this->read_for_predicate()) return value_;
    Event& e = this->begin(OpKind::load, loc, "load of");
    e.value = trace_value(value_);
    this->after_read(e);
    return value_;
  }

  // A load that may read an object whose allocation was freed, without
  // reporting use_after_free: for code that reads memory the allocator
  // keeps mapped after the free (a stale value) and only decides on it.
  // The caller says why that is safe where it calls this.
  T load_possibly_freed(Loc loc = Loc::current()) {
    Event& e = this->begin(OpKind::load, loc, nullptr);
    e.value = trace_value(value_);
    this->after_read(e);
    return value_;
  }

  void store(T v, Loc loc = Loc::current()) {
    Event& e = this->begin(OpKind::store, loc, "store to");
    value_ = v;
    e.value = trace_value(v);
    this->after_write(e);
  }

  // Atomically replaces the value with f(old); returns the old value.
  template <class F>
  T rmw(F f, Loc loc = Loc::current()) {
    Event& e = this->begin(OpKind::rmw, loc, "update of");
    const T old = value_;
    value_ = f(old);
    e.value = trace_value(old);
    e.value2 = trace_value(value_);
    this->after_read(e);
    this->after_write(e);
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
    Event& e = this->begin(OpKind::cas, loc, "compare-exchange of");
    const T old = value_;
    e.value = trace_value(old);
    e.ok = (old == expected);
    if (e.ok) value_ = desired;
    e.value2 = trace_value(value_);
    this->after_read(e);
    if (e.ok) this->after_write(e);
    expected = old;
    return e.ok;
  }

  // The value without a step: for setup, finish() checks and invariants.
  T peek() const { return value_; }
  // Sets the value without a step: for setup only.
  void poke(T v) { value_ = v; }

 private:
  T value_;
};

template <TraceableValue T>
using Shared = Variable<T, Sync::atomic>;
template <TraceableValue T>
using Plain = Variable<T, Sync::plain>;

}  // namespace mmcheck
