#include "checker/sync/refcount.hpp"

#include "checker/engine/runtime.hpp"

namespace mmcheck {

int RefCount::update(OpKind k, int delta, const Loc& loc) {
  Runtime& r = rt();
  Event& e = r.step({k, this}, SourceLoc::from(loc));
  check_alive(*this, e, k == OpKind::ref_get ? "get of" : "put of");
  if (count_ + delta < 0) {
    r.report(ViolationKind::assertion, "refcount " + name() + " dropped below zero",
             e.loc);
  }
  count_ += delta;
  e.value = count_;
  if (r.in_thread()) {
    r.acquire_from(sync_);
    r.release_to(sync_);
  }
  return count_;
}

int RefCount::get(Loc loc) { return update(OpKind::ref_get, 1, loc); }
int RefCount::put(Loc loc) { return update(OpKind::ref_put, -1, loc); }

int RefCount::read(Loc loc) {
  Runtime& r = rt();
  if (r.evaluating_predicate()) {
    if (r.predicate_acquires()) r.acquire_from(sync_);
    return count_;
  }
  Event& e = r.step({OpKind::ref_read, this}, SourceLoc::from(loc));
  check_alive(*this, e, "read of");
  e.value = count_;
  if (r.in_thread()) r.acquire_from(sync_);
  return count_;
}

}  // namespace mmcheck
