// Tracked objects with a lifetime: allocated, used, freed. Any use after the
// free (through a field owned by the object, or an explicit use()) is a
// use_after_free violation naming who freed it and when.
#pragma once

#include <string>

#include "checker/sync/object.hpp"
#include "checker/core/source_loc.hpp"

namespace mmcheck {

class Lifetime : public Object {
 public:
  enum class State { unallocated, live, freed };

  explicit Lifetime(std::string name, State initial = State::live);

  void allocate(Loc loc = Loc::current());
  void free(Loc loc = Loc::current());
  // A visible access to the object itself (a read of it).
  void use(Loc loc = Loc::current());

  State state() const { return state_; }
  bool live() const { return state_ == State::live; }
  // "freed by t2 at step 7", for reports.
  std::string freed_by() const;

 private:
  State state_;
  ThreadId freed_by_ = kNoThread;
  long freed_at_ = -1;
};

void report_use_after_free(const Object& o, const Event& e, const char* what);

// Reports use_after_free if o lives in a freed allocation; `what` names the
// access ("load of", "lock of"). Inline: it runs on every step.
inline void check_alive(const Object& o, const Event& e, const char* what) {
  if (o.owner() != nullptr && !o.owner()->live()) report_use_after_free(o, e, what);
}

}  // namespace mmcheck
