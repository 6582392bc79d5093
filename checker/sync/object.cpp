#include "checker/sync/object.hpp"

#include "checker/sync/lifetime.hpp"
#include "checker/engine/runtime.hpp"

namespace mmcheck {

Object::Object(std::string name, const char* type, const Lifetime* owner)
    : name_(std::move(name)),
      type_(type),
      owner_(owner),
      id_(rt().register_object(this)),
      owner_id_(owner != nullptr && static_cast<const Object*>(owner) != this ? owner->id()
                                                                             : kNoObject) {}

std::string Object::waiting_in(ThreadId, OpKind k) const {
  return std::string(to_string(k)) + "(" + name_ + ")";
}

}  // namespace mmcheck
