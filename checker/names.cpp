// Names of enumerations as they appear in traces and on the command line.
#include <array>
#include <string_view>

#include "checker/event.hpp"
#include "checker/violation.hpp"

namespace mmcheck {
namespace {

constexpr std::array<std::string_view, 8> kViolationNames = {
    "assertion", "invariant", "deadlock", "data_race",
    "use_after_free", "lock_order", "step_bound", "exception"};

constexpr std::array<std::string_view, 26> kOpNames = {
    "load",      "store",     "rmw",       "cas",        "lock",
    "trylock",   "unlock",    "down_read", "down_write", "rwsem_wake",
    "up_read",   "up_write",  "down_read_trylock",       "down_write_trylock",
    "downgrade_write",        "ref_get",   "ref_put",    "ref_read",
    "alloc",     "free",      "use",       "choose",     "await",
    "spawn",     "join",      "start"};
static_assert(kOpNames.size() == static_cast<std::size_t>(OpKind::start) + 1);

}  // namespace

std::string_view to_string(ViolationKind k) { return kViolationNames[static_cast<int>(k)]; }

std::optional<ViolationKind> violation_kind_from(std::string_view s) {
  for (std::size_t i = 0; i < kViolationNames.size(); ++i)
    if (kViolationNames[i] == s) return static_cast<ViolationKind>(i);
  return std::nullopt;
}

std::string_view to_string(OpKind k) { return kOpNames[static_cast<int>(k)]; }

bool has_value(OpKind k) {
  switch (k) {
    case OpKind::load:
    case OpKind::store:
    case OpKind::rmw:
    case OpKind::cas:
    case OpKind::ref_get:
    case OpKind::ref_put:
    case OpKind::ref_read:
    case OpKind::choose:
    case OpKind::spawn:
    case OpKind::join:
      return true;
    default:
      return false;
  }
}

bool has_value2(OpKind k) {
  return k == OpKind::rmw || k == OpKind::cas || k == OpKind::choose;
}

bool has_ok(OpKind k) {
  switch (k) {
    case OpKind::cas:
    case OpKind::trylock:
    case OpKind::down_read:
    case OpKind::down_write:
    case OpKind::down_read_trylock:
    case OpKind::down_write_trylock:
      return true;
    default:
      return false;
  }
}

}  // namespace mmcheck
