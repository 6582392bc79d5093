#include "checker/dpor_access.hpp"

namespace mmcheck {

OpAccess classify(OpKind kind, bool ok, ObjectId object, ObjectId owner) {
  OpAccess a;
  a.owner = owner;
  switch (kind) {
    case OpKind::load:
    case OpKind::ref_read:
    case OpKind::use:
    case OpKind::up_read:
      a.object = object;
      break;
    case OpKind::cas:
    case OpKind::trylock:
    case OpKind::down_read:
    case OpKind::down_read_trylock:
      // Reads when they fail (cas, trylock) or when the read side is taken
      // at once (down_read*); a queued down_read changes the wait queue.
      a.object = object;
      a.write = (kind == OpKind::cas || kind == OpKind::trylock) ? ok : !ok;
      break;
    case OpKind::store:
    case OpKind::rmw:
    case OpKind::lock:
    case OpKind::unlock:
    case OpKind::down_write:
    case OpKind::up_write:
    case OpKind::down_write_trylock:
    case OpKind::downgrade_write:
    case OpKind::ref_get:
    case OpKind::ref_put:
    case OpKind::alloc:
    case OpKind::free:
      a.object = object;
      a.write = true;
      break;
    case OpKind::await:
      a.await = true;
      break;
    case OpKind::rwsem_wake:
    case OpKind::choose:
    case OpKind::spawn:
    case OpKind::join:
    case OpKind::start:
      break;
  }
  return a;
}

}  // namespace mmcheck
