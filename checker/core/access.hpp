// How one visible operation touches shared state: which object it reads or
// writes, which tracked allocation it depends on, and whether it reads an
// unknown set (await). This is the one dependency relation of the checker:
// DPOR explores with it, the race detector and the trace views
// (explanations, the happens-before graph) read it, through classify().
//
// The relation (design/checker.md, issue 4), from the rows of op_table.hpp:
// - same object, at least one changes it;
// - a failed compare-and-swap, a failed mutex trylock, a load, ref_read and
//   Lifetime::use are reads; store, rmw, a successful cas, ref_get/ref_put,
//   lock/unlock/successful trylock, alloc and free are writes;
// - rw_semaphore: the read-side operations (down_read granted at once,
//   a successful down_read_trylock, up_read) are reads of the semaphore, so
//   they commute with each other; everything else on it is a write (a queued
//   request, the write side, downgrade, a failed trylock - conservative);
// - rwsem_wake changes nothing another thread can see: it is independent of
//   everything and ordered after the release that granted it by an explicit
//   happens-before edge (dpor_hb.hpp, dependence.hpp);
// - an access to an object that lives in a Lifetime is also a read of that
//   Lifetime, so alloc/free (writes) conflict with every such access;
// - await reads what its predicate reads, which we do not know: it depends
//   on every write to anything;
// - choose, spawn, start and join touch nothing; spawn and join order
//   threads through happens-before only.
#pragma once

#include "checker/core/event.hpp"
#include "checker/core/ids.hpp"
#include "checker/core/op_table.hpp"

namespace mmcheck {

struct OpAccess {
  ObjectId object = kNoObject;  // the object touched, if any
  ObjectId owner = kNoObject;   // the Lifetime read as a side effect, if any
  bool write = false;           // whether `object` is changed
  bool await = false;           // reads an unknown set of objects

  bool writes() const { return object != kNoObject && write; }
  bool operator==(const OpAccess&) const = default;
};

// `owner` is the id of the Lifetime the object lives in (kNoObject when it
// has none or is that Lifetime itself).
OpAccess classify(OpKind kind, bool ok, ObjectId object, ObjectId owner);
inline OpAccess classify(const Event& e) { return classify(e.kind, e.ok, e.object, e.owner); }

// Whether two operations of different threads may not commute.
inline bool dependent(const OpAccess& a, const OpAccess& b) {
  if (a.await) return b.writes();
  if (b.await) return a.writes();
  if (a.object != kNoObject && a.object == b.object && (a.write || b.write)) return true;
  if (a.writes() && a.object == b.owner) return true;
  if (b.writes() && b.object == a.owner) return true;
  return false;
}

}  // namespace mmcheck
