#include "tools/relevant_steps.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "checker/core/op_table.hpp"
#include "traces/explain.hpp"
#include "traces/trace_events.hpp"

namespace mmcheck {

using nlohmann::json;

namespace {

// The violating step's object, then the pairs' objects, each once.
std::vector<std::string> objects_of(const json& trace, const std::vector<ConflictPair>& pairs) {
  std::vector<std::string> objects;
  const auto add = [&objects](const std::string& o) {
    if (!o.empty() && std::find(objects.begin(), objects.end(), o) == objects.end()) objects.push_back(o);
  };
  const json& verdict = trace["verdict"];
  const json& events = trace["events"];
  if (verdict.is_object()) {
    const long step = verdict.value("step", -1L);
    if (step >= 0 && step < static_cast<long>(events.size()) && events[step].contains("object"))
      add(events[step]["object"].get<std::string>());
  }
  for (const ConflictPair& p : pairs) add(p.object);
  return objects;
}

}  // namespace

std::vector<std::string> relevant_objects(const json& trace) {
  return objects_of(trace, explain_violation(trace));
}

std::vector<bool> relevant_steps(const json& trace) {
  const json& events = trace["events"];
  const long n = static_cast<long>(events.size());
  std::vector<bool> keep(static_cast<std::size_t>(n), false);
  const json& verdict = trace["verdict"];
  if (!verdict.is_object() || n == 0) return keep;
  long violation = verdict.value("step", -1L);
  if (violation < 0 || violation >= n) violation = n - 1;  // found after the threads ended
  // The causal past of the violation: every step with a path to it.
  std::vector<std::vector<long>> preds(static_cast<std::size_t>(n));
  for (const DependencyEdge& d : dependency_edges(events)) {
    if (d.from >= 0 && d.to < n && d.from < d.to) preds[static_cast<std::size_t>(d.to)].push_back(d.from);
  }
  std::vector<bool> past(static_cast<std::size_t>(n), false);
  std::vector<long> work{violation};
  past[static_cast<std::size_t>(violation)] = true;
  while (!work.empty()) {
    const long s = work.back();
    work.pop_back();
    for (const long p : preds[static_cast<std::size_t>(s)]) {
      if (!past[static_cast<std::size_t>(p)]) {
        past[static_cast<std::size_t>(p)] = true;
        work.push_back(p);
      }
    }
  }
  const std::vector<ConflictPair> pairs = explain_violation(trace);
  const std::vector<std::string> objects = objects_of(trace, pairs);
  const std::set<std::string> wanted(objects.begin(), objects.end());
  for (long s = 0; s < n; ++s) {
    const json& e = events[static_cast<std::size_t>(s)];
    if (past[static_cast<std::size_t>(s)] && e.contains("object") && wanted.count(e["object"].get<std::string>()))
      keep[static_cast<std::size_t>(s)] = true;
  }
  keep[static_cast<std::size_t>(violation)] = true;
  // A step model code put a note beside (the fault's ptep) is what it
  // wants a reader to see.
  if (trace.contains("notes"))
    for (const json& note : trace["notes"]) {
      const long s = note.value("step", -1L);
      if (s >= 0 && s < n && past[static_cast<std::size_t>(s)]) keep[static_cast<std::size_t>(s)] = true;
    }
  for (const ConflictPair& p : pairs) {
    for (const long s : {p.first, p.second})
      if (s >= 0 && s < n) keep[static_cast<std::size_t>(s)] = true;
  }
  return keep;
}

std::vector<std::pair<std::string, std::string>> values_at(const json& trace,
                                                           const std::vector<std::string>& objects,
                                                           long step) {
  std::vector<std::pair<std::string, std::string>> out;
  const TraceEvents t = parse_events(trace["events"]);
  for (const std::string& o : objects) {
    std::optional<std::int64_t> value;
    for (long s = 0; s <= step && s < static_cast<long>(t.events.size()); ++s) {
      const Event& e = t.events[static_cast<std::size_t>(s)];
      if (t.name(e.object) != o) continue;
      if (const auto v = object_value_after(e)) value = v;
    }
    if (value) out.emplace_back(o, std::to_string(*value));
  }
  return out;
}

std::string short_function(const std::string& signature) {
  std::string s = signature;
  for (const std::string anon : {"(anonymous namespace)::", "{anonymous}::"}) {
    for (auto at = s.find(anon); at != std::string::npos; at = s.find(anon)) s.erase(at, anon.size());
  }
  if (const auto paren = s.find('('); paren != std::string::npos) s.resize(paren);
  if (const auto colons = s.rfind("::"); colons != std::string::npos) s = s.substr(colons + 2);
  if (const auto space = s.rfind(' '); space != std::string::npos) s = s.substr(space + 1);
  return s;
}

std::string step_source(const json& event) {
  if (!event.contains("location") || !event["location"].is_object()) return "";
  const json& l = event["location"];
  std::string out = short_function(l.value("function", ""));
  const std::string file = l.value("file", "");
  if (!file.empty()) {
    if (!out.empty()) out += " ";
    out += file + ":" + std::to_string(l.value("line", 0));
  }
  return out;
}

}  // namespace mmcheck
