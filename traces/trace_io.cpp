#include "traces/trace_io.hpp"

#include "traces/atomic_write.hpp"
#include "traces/explain.hpp"

namespace mmcheck {

using nlohmann::json;

json location_json(const SourceLoc& loc) {
  return json{{"file", SourceLoc::relative_path(loc.file)},
              {"line", loc.line},
              {"function", loc.function}};
}

json event_json(const Event& e, const ExecutionRecord& record, int version) {
  json j;
  j["step"] = e.step;
  j["thread"] = e.thread;
  j["op"] = std::string(to_string(e.kind));
  const auto named = [&](ObjectId id) {
    return id != kNoObject && id < static_cast<ObjectId>(record.objects.size());
  };
  if (named(e.object)) j["object"] = record.objects[e.object];
  if (named(e.owner) && version >= 2) j["owner"] = record.objects[e.owner];
  if (has_ok(e.kind)) j["ok"] = e.ok;
  if (has_value(e.kind) && (version >= 2 || e.kind != OpKind::rwsem_wake)) j["value"] = e.value;
  if (has_value2(e.kind)) j["value2"] = e.value2;
  if (e.loc.line != 0) j["location"] = location_json(e.loc);
  return j;
}

json witness_json(const LockWitness& w) {
  json j{{"from", w.from},           {"to", w.to},           {"from_read", w.from_read},
         {"to_read", w.to_read},     {"thread", w.thread},   {"execution", w.execution},
         {"held_step", w.held_step}, {"step", w.step}};
  if (w.held_loc.line != 0) j["held_location"] = location_json(w.held_loc);
  if (w.loc.line != 0) j["location"] = location_json(w.loc);
  return j;
}

json verdict_json(const Violation& v) {
  json j{{"kind", std::string(to_string(v.kind))},
         {"message", v.message},
         {"thread", v.thread},
         {"step", v.step}};
  if (v.loc.line != 0) j["location"] = location_json(v.loc);
  if (!v.chain.empty()) {
    json chain = json::array();
    for (const LockWitness& w : v.chain) chain.push_back(witness_json(w));
    j["chain"] = chain;
  }
  return j;
}

json trace_json(const ExploreResult& result, const TraceOptions& options) {
  const ExecutionRecord& rec = result.counterexample;
  json doc;
  doc["format"] = kTraceFormat;
  doc["version"] = kTraceVersion;
  doc["scenario"] = result.scenario;
  doc["variant"] = result.variant;
  doc["params"] = result.params;
  if (!result.text.empty()) doc["text"] = result.text;
  doc["checker"] = json{{"version", MMCHECK_VERSION},
                        {"strategy", options.strategy},
                        {"max_steps", options.max_steps},
                        {"seed", options.seed},
                        {"lockdep", options.lockdep}};
  if (options.preemption_bound) doc["checker"]["preemption_bound"] = *options.preemption_bound;
  doc["verdict"] = rec.violation ? verdict_json(*rec.violation) : json(nullptr);
  doc["preemptions"] = rec.preemptions;
  json threads = json::array();
  for (std::size_t i = 0; i < rec.threads.size(); ++i)
    threads.push_back(json{{"id", i}, {"name", rec.threads[i]}});
  doc["threads"] = threads;
  json schedule = json::array();
  for (const ScheduleEntry& s : rec.schedule) {
    json entry{{"thread", s.thread}};
    if (s.choice >= 0) entry["choice"] = s.choice;
    schedule.push_back(entry);
  }
  doc["schedule"] = schedule;
  if (!rec.notes.empty()) {
    json notes = json::array();
    for (const Note& n : rec.notes)
      notes.push_back(json{{"step", n.step}, {"thread", n.thread}, {"name", n.name}, {"value", n.value}});
    doc["notes"] = notes;
  }
  json events = json::array();
  for (const Event& e : rec.events) events.push_back(event_json(e, rec));
  doc["events"] = events;
  json explanation = json::array();
  for (const ConflictPair& p : explain_violation(doc))
    explanation.push_back(json{{"first", p.first}, {"second", p.second}, {"object", p.object},
                               {"text", p.text}});
  doc["explanation"] = explanation;
  return doc;
}

void write_json_atomically(const std::string& path, const json& doc) {
  write_file_atomically(path, doc.dump(2) + "\n");
}

}  // namespace mmcheck
