#include "traces/trace_events.hpp"

#include <map>

namespace mmcheck {

using nlohmann::json;

const std::string& TraceEvents::name(ObjectId id) const {
  static const std::string none;
  return id >= 0 && id < static_cast<ObjectId>(objects.size()) ? objects[id] : none;
}

TraceEvents parse_events(const json& events) {
  TraceEvents out;
  std::map<std::string, ObjectId> ids;
  const auto id_of = [&](const json& e, const char* key) -> ObjectId {
    const auto it = e.find(key);
    if (it == e.end() || !it->is_string()) return kNoObject;
    const auto [pos, added] = ids.emplace(it->get<std::string>(), static_cast<ObjectId>(out.objects.size()));
    if (added) out.objects.push_back(pos->first);
    return pos->second;
  };
  out.events.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const json& j = events[i];
    Event e;
    e.step = static_cast<long>(i);
    e.thread = j.value("thread", kNoThread);
    e.kind = op_kind_from(j.value("op", "")).value_or(OpKind::choose);
    e.ok = j.value("ok", true);
    e.object = id_of(j, "object");
    e.owner = id_of(j, "owner");
    e.value = j.value("value", std::int64_t{0});
    if (e.kind == OpKind::rwsem_wake && !j.contains("value")) e.value = -1;  // version 1
    e.value2 = j.value("value2", std::int64_t{0});
    out.events.push_back(e);
  }
  return out;
}

}  // namespace mmcheck
