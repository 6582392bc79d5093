#include "checker/core/access.hpp"

namespace mmcheck {

OpAccess classify(OpKind kind, bool ok, ObjectId object, ObjectId owner) {
  OpAccess a;
  a.owner = owner;
  switch (op_info(kind).touch) {
    case Touch::none:
      break;
    case Touch::read:
      a.object = object;
      break;
    case Touch::write:
      a.object = object;
      a.write = true;
      break;
    case Touch::write_if_ok:
      a.object = object;
      a.write = ok;
      break;
    case Touch::read_if_ok:
      // A queued down_read changes the wait queue; a failed
      // down_read_trylock is taken as a write (conservative).
      a.object = object;
      a.write = !ok;
      break;
    case Touch::unknown_reads:
      a.await = true;
      break;
  }
  return a;
}

}  // namespace mmcheck
