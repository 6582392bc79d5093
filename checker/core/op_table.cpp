// Names of enumerations as they appear in traces and on the command line,
// and the trace fields of each operation, from op_table.hpp.
#include <array>
#include <string_view>

#include "checker/core/op_table.hpp"
#include "checker/core/violation.hpp"

namespace mmcheck {
namespace {

constexpr std::array<std::string_view, 8> kViolationNames = {
    "assertion", "invariant", "deadlock", "data_race",
    "use_after_free", "lock_order", "step_bound", "exception"};

// The rows must follow the enumeration: each is checked against its kind.
constexpr bool row_is(OpKind k, std::string_view name) { return op_info(k).name == name; }
static_assert(row_is(OpKind::load, "load") && row_is(OpKind::store, "store") &&
              row_is(OpKind::rmw, "rmw") && row_is(OpKind::cas, "cas") &&
              row_is(OpKind::lock, "lock") && row_is(OpKind::trylock, "trylock") &&
              row_is(OpKind::unlock, "unlock") && row_is(OpKind::down_read, "down_read") &&
              row_is(OpKind::down_write, "down_write") &&
              row_is(OpKind::rwsem_wake, "rwsem_wake") && row_is(OpKind::up_read, "up_read") &&
              row_is(OpKind::up_write, "up_write") &&
              row_is(OpKind::down_read_trylock, "down_read_trylock") &&
              row_is(OpKind::down_write_trylock, "down_write_trylock") &&
              row_is(OpKind::downgrade_write, "downgrade_write") &&
              row_is(OpKind::ref_get, "ref_get") && row_is(OpKind::ref_put, "ref_put") &&
              row_is(OpKind::ref_read, "ref_read") && row_is(OpKind::alloc, "alloc") &&
              row_is(OpKind::free, "free") && row_is(OpKind::use, "use") &&
              row_is(OpKind::choose, "choose") && row_is(OpKind::await, "await") &&
              row_is(OpKind::spawn, "spawn") && row_is(OpKind::join, "join") &&
              row_is(OpKind::start, "start"));

}  // namespace

std::string_view to_string(ViolationKind k) { return kViolationNames[static_cast<int>(k)]; }

std::optional<ViolationKind> violation_kind_from(std::string_view s) {
  for (std::size_t i = 0; i < kViolationNames.size(); ++i)
    if (kViolationNames[i] == s) return static_cast<ViolationKind>(i);
  return std::nullopt;
}

std::string_view to_string(OpKind k) { return op_info(k).name; }

std::optional<OpKind> op_kind_from(std::string_view s) {
  for (std::size_t i = 0; i < op_table_detail::kOps.size(); ++i)
    if (op_table_detail::kOps[i].name == s) return static_cast<OpKind>(i);
  return std::nullopt;
}

bool has_value(OpKind k) { return op_info(k).has_value; }
bool has_value2(OpKind k) { return op_info(k).has_value2; }
bool has_ok(OpKind k) { return op_info(k).has_ok; }

}  // namespace mmcheck
