#include "traces/trace_io.hpp"

#include "traces/explain.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace mmcheck {

using nlohmann::json;

json location_json(const SourceLoc& loc) {
  return json{{"file", SourceLoc::relative_path(loc.file)},
              {"line", loc.line},
              {"function", loc.function}};
}

json event_json(const Event& e, const ExecutionRecord& record) {
  json j;
  j["step"] = e.step;
  j["thread"] = e.thread;
  j["op"] = std::string(to_string(e.kind));
  if (e.object != kNoObject && e.object < static_cast<ObjectId>(record.objects.size()))
    j["object"] = record.objects[e.object];
  if (has_ok(e.kind)) j["ok"] = e.ok;
  if (has_value(e.kind)) j["value"] = e.value;
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

namespace {

// Source locations point to static strings; those read back from a file are
// kept for the life of the process (replay reads one trace).
const char* intern(const std::string& s) {
  static std::set<std::string> pool;
  return pool.insert(s).first->c_str();
}

SourceLoc location_of(const json& j) {
  if (!j.is_object()) return {};
  return SourceLoc{intern(j.value("file", "")), intern(j.value("function", "")),
                   j.value("line", 0u)};
}

}  // namespace

std::vector<LockWitness> lock_chain_of(const json& verdict) {
  std::vector<LockWitness> chain;
  if (!verdict.is_object() || !verdict.contains("chain")) return chain;
  for (const json& w : verdict["chain"]) {
    LockWitness x;
    x.from = w.value("from", "");
    x.to = w.value("to", "");
    x.from_read = w.value("from_read", false);
    x.to_read = w.value("to_read", false);
    x.thread = w.value("thread", "");
    x.execution = w.value("execution", 0L);
    x.held_step = w.value("held_step", -1L);
    x.step = w.value("step", -1L);
    if (w.contains("held_location")) x.held_loc = location_of(w["held_location"]);
    if (w.contains("location")) x.loc = location_of(w["location"]);
    chain.push_back(x);
  }
  return chain;
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
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw TraceError("cannot write trace file " + path + ": the folder is not writable");
    out << doc.dump(2) << '\n';
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw TraceError("cannot write trace file " + path + ": write failed");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw TraceError("cannot write trace file " + path + ": rename failed");
  }
}

namespace {

const json& field(const json& j, const char* key, json::value_t type, const std::string& path,
                  const char* where) {
  auto it = j.find(key);
  const bool number_ok = (type == json::value_t::number_integer &&
                          it != j.end() && it->is_number_integer());
  if (it == j.end() || (!number_ok && it->type() != type)) {
    throw TraceError("trace " + path + " is invalid: " + where + " needs a field '" + key +
                     "' of type " + json(type).type_name());
  }
  return *it;
}

}  // namespace

TraceFile read_trace(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw TraceError("cannot read trace " + path + ": no such file or not readable");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error& e) {
    throw TraceError("trace " + path + " is not valid JSON (" + e.what() + ")");
  }
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kTraceFormat)
    throw TraceError("trace " + path + " is not an mmcheck trace (no \"format\": \"" +
                     kTraceFormat + "\")");
  using vt = json::value_t;
  const json& version = field(doc, "version", vt::number_integer, path, "the trace");
  if (version.get<long long>() != kTraceVersion)
    throw TraceError("trace " + path + " has version " + version.dump() +
                     "; this mmcheck reads version " + std::to_string(kTraceVersion));
  TraceFile t;
  try {
    t.scenario = field(doc, "scenario", vt::string, path, "the trace").get<std::string>();
    t.variant = field(doc, "variant", vt::string, path, "the trace").get<std::string>();
    for (const auto& [k, v] : field(doc, "params", vt::object, path, "the trace").items()) {
      if (!v.is_number_integer())
        throw TraceError("trace " + path + " is invalid: parameter " + k + " is not an integer");
      t.params[k] = v.get<long>();
    }
    if (doc.contains("text")) {
      if (!doc["text"].is_string())
        throw TraceError("trace " + path + " is invalid: text is not a string");
      t.text = doc["text"].get<std::string>();
    }
    const json& checker = field(doc, "checker", vt::object, path, "the trace");
    t.checker_version = field(checker, "version", vt::string, path, "checker").get<std::string>();
    t.options.strategy = field(checker, "strategy", vt::string, path, "checker").get<std::string>();
    t.options.max_steps =
        field(checker, "max_steps", vt::number_integer, path, "checker").get<long>();
    t.options.seed =
        field(checker, "seed", vt::number_integer, path, "checker").get<std::uint64_t>();
    if (checker.contains("lockdep")) {
      if (!checker["lockdep"].is_boolean())
        throw TraceError("trace " + path + " is invalid: checker.lockdep is not a boolean");
      t.options.lockdep = checker["lockdep"].get<bool>();
    }
    if (checker.contains("preemption_bound")) {
      if (!checker["preemption_bound"].is_number_integer() || checker["preemption_bound"] < 0)
        throw TraceError("trace " + path +
                         " is invalid: checker.preemption_bound is not a non-negative integer");
      t.options.preemption_bound = checker["preemption_bound"].get<long>();
    }
    if (!doc.contains("verdict"))
      throw TraceError("trace " + path + " is invalid: the trace needs a field 'verdict'");
    t.verdict = doc["verdict"];
    for (const json& th : field(doc, "threads", vt::array, path, "the trace")) {
      if (!th.is_object())
        throw TraceError("trace " + path + " is invalid: a thread is not an object");
      t.threads.push_back(field(th, "name", vt::string, path, "a thread").get<std::string>());
    }
    for (const json& s : field(doc, "schedule", vt::array, path, "the trace")) {
      if (!s.is_object())
        throw TraceError("trace " + path + " is invalid: a schedule entry is not an object");
      ScheduleEntry e;
      e.thread = field(s, "thread", vt::number_integer, path, "a schedule entry").get<int>();
      if (s.contains("choice")) {
        if (!s["choice"].is_number_integer())
          throw TraceError("trace " + path + " is invalid: a choice is not an integer");
        e.choice = s["choice"].get<int>();
      }
      t.schedule.push_back(e);
    }
    t.events = field(doc, "events", vt::array, path, "the trace");
  } catch (const json::exception& e) {
    throw TraceError("trace " + path + " is invalid: " + e.what());
  }
  if (t.events.size() != t.schedule.size())
    throw TraceError("trace " + path + " is invalid: it has " + std::to_string(t.schedule.size()) +
                     " schedule entries but " + std::to_string(t.events.size()) + " events");
  return t;
}

}  // namespace mmcheck
