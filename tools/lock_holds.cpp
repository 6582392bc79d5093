#include <map>
#include <utility>

#include "checker/core/op_table.hpp"
#include "tools/show.hpp"
#include "traces/trace_events.hpp"

namespace mmcheck {

using nlohmann::json;

std::string event_text(const json& e) {
  const std::optional<OpKind> kind = op_kind_from(e.value("op", ""));
  std::string s = e.value("op", "?");
  if (e.contains("object")) s += " " + e["object"].get<std::string>();
  if (e.contains("value") && kind) {
    if (*kind == OpKind::rwsem_wake) {
      s += " (granted at step " + std::to_string(e["value"].get<long>()) + ")";
    } else {
      s += " = " + std::to_string(e["value"].get<long>());
      if (e.contains("value2"))
        s += (*kind == OpKind::choose ? " of " : " -> ") + std::to_string(e["value2"].get<long>());
    }
  }
  if (e.contains("ok") && !e["ok"].get<bool>())
    s += kind && op_info(*kind).lock == LockEffect::acquire_or_queue ? " (queued)" : " (failed)";
  return s;
}

std::vector<LockHold> lock_holds(const json& events) {
  const TraceEvents t = parse_events(events);
  std::vector<LockHold> holds;
  std::map<std::pair<int, ObjectId>, std::size_t> open;  // (thread, lock) -> hold
  // A queued rwsem request: the mode it will hold once woken.
  std::map<std::pair<int, ObjectId>, LockMode> queued;
  const auto mode_name = [](LockMode m) -> std::string {
    switch (m) {
      case LockMode::exclusive: return "lock";
      case LockMode::read: return "read";
      case LockMode::write: return "write";
      case LockMode::none: break;
    }
    return "";
  };
  const auto begin = [&](const Event& e, LockMode mode) {
    open[{e.thread, e.object}] = holds.size();
    holds.push_back({e.thread, t.name(e.object), mode_name(mode), e.step, -1});
  };
  const auto end = [&](const Event& e) {
    auto it = open.find({e.thread, e.object});
    if (it == open.end()) return;
    holds[it->second].to = e.step;
    open.erase(it);
  };
  for (const Event& e : t.events) {
    if (e.object == kNoObject) continue;
    const OpInfo& op = op_info(e.kind);
    switch (op.lock) {
      case LockEffect::none:
        break;
      case LockEffect::acquire:
        begin(e, op.mode);
        break;
      case LockEffect::acquire_if_ok:
        if (e.ok) begin(e, op.mode);
        break;
      case LockEffect::acquire_or_queue:
        if (e.ok) begin(e, op.mode);
        else queued[{e.thread, e.object}] = op.mode;
        break;
      case LockEffect::woken:
        begin(e, queued[{e.thread, e.object}]);
        break;
      case LockEffect::release:
        end(e);
        break;
      case LockEffect::downgrade:
        end(e);
        begin(e, op.mode);
        break;
    }
  }
  return holds;
}

}  // namespace mmcheck
