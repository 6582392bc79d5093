// What each kind of visible operation is: one row per OpKind, read by the
// explorer (may it block), DPOR and every view (how it touches its object,
// classify() in access.hpp), the lock-hold views (what it does to a lock)
// and the trace writer and reader (its name, which fields it records).
// No other file decides these things; a new operation is one new row.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "checker/core/event.hpp"

namespace mmcheck {

// How an operation touches its object, before its outcome is known.
enum class Touch : std::uint8_t {
  none,          // no object, or nothing another thread can see
  read,          // reads the object's value
  write,         // changes the object's value
  write_if_ok,   // a read when it fails (cas, trylock), a write when it succeeds
  read_if_ok,    // a read when the read side is taken at once, a write when it queues
  unknown_reads, // await: reads what its predicate reads, which is not known
};

// What an operation does to a lock, for the lock-hold views.
enum class LockEffect : std::uint8_t {
  none,
  acquire,          // takes it (a blocking lock)
  acquire_if_ok,    // takes it when it succeeds (trylocks)
  acquire_or_queue, // takes it at once when ok, else queues (down_read, down_write)
  woken,            // a queued request is granted: the hold begins
  release,
  downgrade,        // write hold becomes a read hold
};

// The mode of the hold an acquisition makes.
enum class LockMode : std::uint8_t { none, exclusive, read, write };

struct OpInfo {
  std::string_view name;   // as traces and the CLI spell it
  Touch touch;
  LockEffect lock;
  LockMode mode;
  bool may_block;          // can be disabled (object.hpp: lock, a queued request; join, await)
  bool commutative_update; // changes the value whatever it was (add, get, put): two commute in effect
  bool has_value;          // the trace records `value`
  bool has_value2;         // and `value2`
  bool has_ok;             // and `ok`
};

namespace op_table_detail {
using T = Touch;
using L = LockEffect;
using M = LockMode;
// clang-format off
inline constexpr std::array<OpInfo, 26> kOps = {{
//  name                  touch            lock                 mode          block  upd    value  value2 ok
  {"load",               T::read,         L::none,             M::none,      false, false, true,  false, false},
  {"store",              T::write,        L::none,             M::none,      false, false, true,  false, false},
  {"rmw",                T::write,        L::none,             M::none,      false, true,  true,  true,  false},
  {"cas",                T::write_if_ok,  L::none,             M::none,      false, false, true,  true,  true},
  {"lock",               T::write,        L::acquire,          M::exclusive, true,  false, false, false, false},
  {"trylock",            T::write_if_ok,  L::acquire_if_ok,    M::exclusive, false, false, false, false, true},
  {"unlock",             T::write,        L::release,          M::none,      false, false, false, false, false},
  {"down_read",          T::read_if_ok,   L::acquire_or_queue, M::read,      false, false, false, false, true},
  {"down_write",         T::write,        L::acquire_or_queue, M::write,     false, false, false, false, true},
  // value = the step whose release granted the queued request.
  {"rwsem_wake",         T::none,         L::woken,            M::none,      true,  false, true,  false, false},
  {"up_read",            T::read,         L::release,          M::none,      false, false, false, false, false},
  {"up_write",           T::write,        L::release,          M::none,      false, false, false, false, false},
  {"down_read_trylock",  T::read_if_ok,   L::acquire_if_ok,    M::read,      false, false, false, false, true},
  {"down_write_trylock", T::write,        L::acquire_if_ok,    M::write,     false, false, false, false, true},
  {"downgrade_write",    T::write,        L::downgrade,        M::read,      false, false, false, false, false},
  {"ref_get",            T::write,        L::none,             M::none,      false, true,  true,  false, false},
  {"ref_put",            T::write,        L::none,             M::none,      false, true,  true,  false, false},
  {"ref_read",           T::read,         L::none,             M::none,      false, false, true,  false, false},
  {"alloc",              T::write,        L::none,             M::none,      false, false, false, false, false},
  {"free",               T::write,        L::none,             M::none,      false, false, false, false, false},
  {"use",                T::read,         L::none,             M::none,      false, false, false, false, false},
  {"choose",             T::none,         L::none,             M::none,      false, false, true,  true,  false},
  {"await",              T::unknown_reads,L::none,             M::none,      true,  false, false, false, false},
  {"spawn",              T::none,         L::none,             M::none,      false, false, true,  false, false},
  {"join",               T::none,         L::none,             M::none,      true,  false, true,  false, false},
  {"start",              T::none,         L::none,             M::none,      false, false, false, false, false},
}};
// clang-format on
}  // namespace op_table_detail

static_assert(op_table_detail::kOps.size() == static_cast<std::size_t>(OpKind::start) + 1,
              "one row per OpKind");

constexpr const OpInfo& op_info(OpKind k) { return op_table_detail::kOps[static_cast<std::size_t>(k)]; }

// Whether an operation of this kind is a read or a write depending on its
// outcome (a compare-and-swap that may fail, a read acquisition that may
// queue), so that in another state it may write.
constexpr bool outcome_may_write(OpKind k) {
  return op_info(k).touch == Touch::write_if_ok || op_info(k).touch == Touch::read_if_ok;
}

// The value the event leaves its object with, when it records one: a load
// or store its value, an update (rmw, a successful cas) the value after.
// Operations whose value is something else (choose, spawn, join, a wake's
// granting step) give none.
constexpr std::optional<std::int64_t> object_value_after(const Event& e) {
  const OpInfo& op = op_info(e.kind);
  if (!op.has_value || op.touch == Touch::none || op.touch == Touch::unknown_reads) return std::nullopt;
  if (!op.has_value2) return e.value;
  return e.ok ? e.value2 : e.value;
}

}  // namespace mmcheck
