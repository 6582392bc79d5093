// The base of every instrumented object: a readable name and an id, given
// by the execution the object is constructed in.
#pragma once

#include <string>

#include "checker/core/event.hpp"
#include "checker/core/ids.hpp"

namespace mmcheck {

class Lifetime;

class Object {
 public:
  // `owner`, when given, is the tracked allocation this object lives in:
  // any access after the owner is freed is a use_after_free.
  Object(std::string name, const char* type, const Lifetime* owner = nullptr);
  virtual ~Object() = default;
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  ObjectId id() const { return id_; }
  const std::string& name() const { return name_; }
  const char* type() const { return type_; }
  const Lifetime* owner() const { return owner_; }
  // The owner's id, or kNoObject when there is none or this object is the
  // allocation itself: what an Event records as its owner.
  ObjectId owner_id() const { return owner_id_; }
  // Names an object after its construction, before its first operation:
  // for kernel-style initialisers such as spin_lock_init(&obj->lock), which
  // name the lock after the expression they are given (mmcheck/kernel.h).
  void rename(std::string name) { name_ = std::move(name); }

  // Whether thread t could execute an operation of kind k on this object now.
  // Only blocking operations (lock, a queued rwsem request) ever say no.
  virtual bool enabled(ThreadId /*t*/, OpKind /*k*/) const { return true; }
  // For deadlock and replay reports: who holds this object, e.g.
  // "held by t2 since step 4". Empty when nobody does.
  virtual std::string holders() const { return {}; }
  // What a thread blocked in an operation of kind k on this object waits in,
  // e.g. "lock(A)" or "down_write(sem), queued".
  virtual std::string waiting_in(ThreadId t, OpKind k) const;

 private:
  std::string name_;
  const char* type_;
  const Lifetime* owner_;
  ObjectId id_;
  ObjectId owner_id_;
};

}  // namespace mmcheck
