// Chrome trace event JSON, which the Perfetto UI and chrome://tracing open:
// one track per thread, lock holds as duration slices, every visible
// operation as an instant, the violation flagged. One step is drawn as
// kStepMicros microseconds.
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
  }
  const long steps = static_cast<long>(trace["events"].size());
  for (const LockHold& h : lock_holds(trace["events"])) {
    const long to = h.to < 0 ? steps : h.to;
    events.push_back({{"ph", "X"}, {"pid", 1}, {"tid", h.thread}, {"cat", "lock"},
                      {"name", h.lock + " (" + h.mode + ")"}, {"ts", h.from * kStepMicros},
                      {"dur", std::max(1L, (to - h.from) * kStepMicros)},
                      {"args", {{"from_step", h.from}, {"to_step", h.to}}}});
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
