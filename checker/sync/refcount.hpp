// A reference count (the kernel's page refcount, kref): atomic updates that
// are visible steps. Dropping below zero is reported, as the kernel's
// VM_BUG_ON_PAGE(page_ref_count(page) == 0) would.
#pragma once

#include <string>

#include "checker/sync/lifetime.hpp"
#include "checker/sync/object.hpp"
#include "checker/core/source_loc.hpp"
#include "checker/core/vector_clock.hpp"

namespace mmcheck {

class RefCount : public Object {
 public:
  RefCount(std::string name, int initial, const Lifetime* owner = nullptr)
      : Object(std::move(name), "refcount", owner), count_(initial) {}

  // Returns the new count.
  int get(Loc loc = Loc::current());
  // Returns the new count; 0 means the caller dropped the last reference.
  int put(Loc loc = Loc::current());
  int read(Loc loc = Loc::current());
  int peek() const { return count_; }
  void poke(int v) { count_ = v; }

 private:
  int update(OpKind k, int delta, const Loc& loc);
  int count_;
  VectorClock sync_;
};

}  // namespace mmcheck
