// Chrome trace event JSON, which the Perfetto UI and chrome://tracing open:
// one track per thread, lock holds as duration slices (holds that do not
// nest on further tracks of their thread: perfetto_tracks.hpp), every
// visible operation as an instant, the violation flagged. One step is drawn
// as kStepMicros microseconds.
#include <map>

#include "tools/perfetto_tracks.hpp"
#include "tools/show.hpp"
#include "traces/explain.hpp"

namespace mmcheck {
namespace {

constexpr long kStepMicros = 10;

}  // namespace

nlohmann::json show_perfetto(const nlohmann::json& trace) {
  using nlohmann::json;
  json events = json::array();
  const json& threads = trace["threads"];
  events.push_back({{"ph", "M"}, {"pid", 1}, {"name", "process_name"},
                    {"args", {{"name", trace.value("scenario", "") + " (" +
                                           trace.value("variant", "") + ")"}}}});
  for (std::size_t t = 0; t < threads.size(); ++t) {
    events.push_back({{"ph", "M"}, {"pid", 1}, {"tid", t}, {"name", "thread_name"},
                      {"args", {{"name", threads[t].value("name", "")}}}});
    events.push_back({{"ph", "M"}, {"pid", 1}, {"tid", t}, {"name", "thread_sort_index"},
                      {"args", {{"sort_index", static_cast<long>(t) * 1000}}}});
  }
  const long steps = static_cast<long>(trace["events"].size());
  const std::vector<LockHold> holds = lock_holds(trace["events"]);
  std::map<int, std::vector<std::size_t>> holds_of;  // thread -> its holds
  for (std::size_t i = 0; i < holds.size(); ++i) holds_of[holds[i].thread].push_back(i);
  // A thread's first layer of holds is drawn on its own track; each further
  // layer on an extra track named after it, sorted right below it.
  long next_tid = static_cast<long>(threads.size());
  for (const auto& [thread, mine] : holds_of) {
    std::vector<Slice> slices;
    for (const std::size_t i : mine) {
      const long to = holds[i].to < 0 ? steps : holds[i].to;
      slices.push_back({holds[i].from * kStepMicros, std::max(1L, (to - holds[i].from) * kStepMicros)});
    }
    const std::vector<int> layer = nesting_layers(slices);
    std::map<int, long> tid_of_layer{{0, thread}};
    for (std::size_t k = 0; k < mine.size(); ++k) {
      const LockHold& h = holds[mine[k]];
      auto [it, added] = tid_of_layer.emplace(layer[k], next_tid);
      if (added) {
        ++next_tid;
        const std::string name = thread >= 0 && static_cast<std::size_t>(thread) < threads.size()
                                     ? threads[static_cast<std::size_t>(thread)].value("name", "")
                                     : std::to_string(thread);
        events.push_back({{"ph", "M"}, {"pid", 1}, {"tid", it->second}, {"name", "thread_name"},
                          {"args", {{"name", name + " (lock holds " + std::to_string(layer[k] + 1) + ")"}}}});
        events.push_back({{"ph", "M"}, {"pid", 1}, {"tid", it->second}, {"name", "thread_sort_index"},
                          {"args", {{"sort_index", static_cast<long>(thread) * 1000 + layer[k]}}}});
      }
      events.push_back({{"ph", "X"}, {"pid", 1}, {"tid", it->second}, {"cat", "lock"},
                        {"name", h.lock + " (" + h.mode + ")"}, {"ts", slices[k].ts},
                        {"dur", slices[k].dur}, {"args", {{"from_step", h.from}, {"to_step", h.to}}}});
    }
  }
  for (const json& e : trace["events"]) {
    events.push_back({{"ph", "i"}, {"s", "t"}, {"pid", 1}, {"tid", e.value("thread", 0)},
                      {"cat", "op"}, {"name", event_text(e)},
                      {"ts", e.value("step", 0L) * kStepMicros}, {"args", e}});
  }
  const json& verdict = trace["verdict"];
  if (verdict.is_object()) {
    const int t = verdict.value("thread", -1);
    json v{{"ph", "i"}, {"pid", 1}, {"cat", "violation"},
           {"name", "VIOLATION " + verdict.value("kind", "")},
           {"ts", verdict.value("step", 0L) * kStepMicros}, {"args", verdict}};
    if (t >= 0) {
      v["tid"] = t;
      v["s"] = "t";
    } else {
      v["s"] = "g";
    }
    events.push_back(v);
  }
  for (const ConflictPair& p : explain_violation(trace)) {
    events.push_back({{"ph", "i"}, {"s", "g"}, {"pid", 1}, {"cat", "explanation"},
                      {"name", "racing pair on " + p.object}, {"ts", p.second * kStepMicros},
                      {"args", {{"first", p.first}, {"second", p.second}, {"text", p.text}}}});
  }
  return json{{"traceEvents", events}, {"displayTimeUnit", "ns"}};
}

}  // namespace mmcheck
