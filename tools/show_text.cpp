#include <cstdio>
#include <set>

#include "tools/show.hpp"
#include "traces/explain.hpp"

namespace mmcheck {
namespace {

constexpr std::size_t kColumn = 36;

std::string fit(std::string s) {
  if (s.size() > kColumn - 1) s = s.substr(0, kColumn - 2) + "~";
  return s + std::string(kColumn - s.size(), ' ');
}

}  // namespace

// One column per thread; '!' marks the violating step, '*' the steps of the
// explained pairs; lock holdings are listed at the end with their steps.
std::string show_text(const nlohmann::json& trace) {
  const nlohmann::json& events = trace["events"];
  const nlohmann::json& threads = trace["threads"];
  std::string out = "scenario " + trace.value("scenario", "") + ", variant " +
                    trace.value("variant", "") + ", " + std::to_string(events.size()) +
                    " steps, " + std::to_string(trace.value("preemptions", 0)) +
                    " preemptions\n";
  const nlohmann::json& verdict = trace["verdict"];
  const long violating = verdict.is_object() ? verdict.value("step", -1L) : -1;
  const std::vector<ConflictPair> pairs = explain_violation(trace);
  std::set<long> marked;
  for (const ConflictPair& p : pairs) marked.insert({p.first, p.second});

  std::string header = "step   ";
  for (std::size_t t = 0; t < threads.size(); ++t)
    header += fit(std::to_string(t) + ": " + threads[t].value("name", ""));
  while (!header.empty() && header.back() == ' ') header.pop_back();
  out += header + "\n";
  for (const auto& e : events) {
    const long step = e.value("step", -1L);
    const int thread = e.value("thread", 0);
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%-4ld%c%c ", step, step == violating ? '!' : ' ',
                  marked.count(step) ? '*' : ' ');
    std::string line = prefix;
    for (int t = 0; t < thread; ++t) line += std::string(kColumn, ' ');
    line += event_text(e);
    out += line + "\n";
  }
  out += "\nlock holds:\n";
  for (const LockHold& h : lock_holds(events)) {
    out += "  " + thread_label(trace, h.thread) + " held " + h.lock + " (" + h.mode +
           ") from step " + std::to_string(h.from) +
           (h.to < 0 ? " to the end\n" : " to step " + std::to_string(h.to) + "\n");
  }
  if (verdict.is_object()) {
    out += "\n! " + verdict.value("kind", "") + ": " + verdict.value("message", "");
    if (verdict.contains("location")) {
      const auto& l = verdict["location"];
      out += " (" + l.value("file", "") + ":" + std::to_string(l.value("line", 0)) + ")";
    }
    out += "\n";
  }
  for (const ConflictPair& p : pairs) out += "* " + p.text + "\n";
  return out;
}

}  // namespace mmcheck
