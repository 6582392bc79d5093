#include "checker/sync/lifetime.hpp"

#include "checker/engine/runtime.hpp"

namespace mmcheck {

Lifetime::Lifetime(std::string name, State initial)
    : Object(std::move(name), "tracked", this), state_(initial) {}

void Lifetime::allocate(Loc loc) {
  Runtime& r = rt();
  r.step({OpKind::alloc, this}, SourceLoc::from(loc));
  if (state_ == State::live) {
    r.report(ViolationKind::assertion, "allocation of " + name() + ", which is already live",
             SourceLoc::from(loc));
  }
  state_ = State::live;
}

void Lifetime::free(Loc loc) {
  Runtime& r = rt();
  const Event& e = r.step({OpKind::free, this}, SourceLoc::from(loc));
  if (state_ != State::live) {
    r.report(ViolationKind::use_after_free,
             "double free of " + name() + " (" + freed_by() + ")", SourceLoc::from(loc));
  }
  state_ = State::freed;
  freed_by_ = e.thread;
  freed_at_ = e.step;
}

void Lifetime::use(Loc loc) {
  const Event& e = rt().step({OpKind::use, this}, SourceLoc::from(loc));
  check_alive(*this, e, "use of");
}

std::string Lifetime::freed_by() const {
  if (state_ == State::unallocated) return "never allocated";
  if (freed_by_ == kNoThread) return "freed before the threads started";
  return "freed by " + rt().thread_name(freed_by_) + " at step " + std::to_string(freed_at_);
}

void report_use_after_free(const Object& o, const Event& e, const char* what) {
  const Lifetime* owner = o.owner();
  Runtime& r = rt();
  if (r.tearing_down()) return;
  std::string msg = std::string(what) + " " + o.name() + " by " +
                    (e.thread == kNoThread ? std::string("setup") : r.thread_name(e.thread));
  if (owner != &o) msg += ", which lives in " + owner->name();
  msg += ", " + owner->freed_by();
  r.report(ViolationKind::use_after_free, msg, e.loc);
}

}  // namespace mmcheck
