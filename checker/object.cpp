#include "checker/object.hpp"

#include "checker/runtime.hpp"

namespace mmcheck {

Object::Object(std::string name, const char* type, const Lifetime* owner)
    : name_(std::move(name)), type_(type), owner_(owner), id_(rt().register_object(this)) {}

}  // namespace mmcheck
