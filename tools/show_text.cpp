#include <algorithm>
#include <cstdio>
#include <set>

#include "tools/relevant_steps.hpp"
#include "tools/show.hpp"
#include "traces/explain.hpp"

namespace mmcheck {
namespace {

constexpr std::size_t kColumn = 36;

std::string fit(std::string s) {
  if (s.size() > kColumn - 1) s = s.substr(0, kColumn - 2) + "~";
  return s + std::string(kColumn - s.size(), ' ');
}

// "… 12 steps of truncate", or "… 3 steps of fault, truncate" for a run
// that several threads took turns in.
std::string elided_run(const nlohmann::json& trace, const std::vector<int>& threads_in_order, long count) {
  std::string who;
  for (const int t : threads_in_order) who += (who.empty() ? "" : ", ") + thread_label(trace, t);
  return "  \u2026 " + std::to_string(count) + (count == 1 ? " step of " : " steps of ") + who + "\n";
}

// "ptep = pmd0.entry[0]" for each note model code made beside `step`.
std::vector<std::string> notes_at(const nlohmann::json& trace, long step) {
  std::vector<std::string> out;
  if (!trace.contains("notes")) return out;
  for (const nlohmann::json& n : trace["notes"])
    if (n.value("step", -2L) == step) out.push_back(n.value("name", "") + " = " + n.value("value", ""));
  return out;
}

}  // namespace

// One column per thread, then the step's function and file:line; '!' marks
// the violating step, '*' the steps of the explained pairs; lock holdings
// are listed at the end with their steps. With options.relevant only the
// relevant steps are printed (relevant_steps.hpp), with the values of their
// objects at the violation instead of the lock holdings.
std::string show_text(const nlohmann::json& trace, const ShowOptions& options) {
  const nlohmann::json& events = trace["events"];
  const nlohmann::json& threads = trace["threads"];
  const long preemptions = trace.value("preemptions", 0L);
  std::string out = "scenario " + trace.value("scenario", "") + ", variant " +
                    trace.value("variant", "") + ", " + std::to_string(events.size()) +
                    (events.size() == 1 ? " step, " : " steps, ") + std::to_string(preemptions) +
                    (preemptions == 1 ? " preemption\n" : " preemptions\n");
  const nlohmann::json& verdict = trace["verdict"];
  const long violating = verdict.is_object() ? verdict.value("step", -1L) : -1;
  const std::vector<ConflictPair> pairs = explain_violation(trace);
  std::set<long> marked;
  for (const ConflictPair& p : pairs) marked.insert({p.first, p.second});
  std::vector<bool> keep;
  if (options.relevant) keep = relevant_steps(trace);
  const bool eliding = options.relevant && verdict.is_object();

  std::string header = "step   ";
  for (std::size_t t = 0; t < threads.size(); ++t)
    header += fit(std::to_string(t) + ": " + threads[t].value("name", ""));
  if (options.source) header += "function, source";
  while (!header.empty() && header.back() == ' ') header.pop_back();
  out += header + "\n";
  long run = 0;
  std::vector<int> run_threads;
  for (const auto& e : events) {
    const long step = e.value("step", -1L);
    const int thread = e.value("thread", 0);
    if (eliding && !keep[static_cast<std::size_t>(step)]) {
      ++run;
      if (std::find(run_threads.begin(), run_threads.end(), thread) == run_threads.end())
        run_threads.push_back(thread);
      continue;
    }
    if (run > 0) out += elided_run(trace, run_threads, run);
    run = 0;
    run_threads.clear();
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%-4ld%c%c ", step, step == violating ? '!' : ' ',
                  marked.count(step) ? '*' : ' ');
    std::string line = prefix;
    for (int t = 0; t < thread; ++t) line += std::string(kColumn, ' ');
    line += event_text(e);
    if (options.source) {
      const std::string source = step_source(e);
      if (!source.empty()) {
        const std::size_t column = 7 + kColumn * threads.size();
        line += line.size() < column ? std::string(column - line.size(), ' ') : std::string("  ");
        line += source;
      }
    }
    for (const auto& n : notes_at(trace, step)) line += "  [" + n + "]";
    out += line + "\n";
  }
  if (run > 0) out += elided_run(trace, run_threads, run);
  if (eliding) {
    out += "\nat the violation:";
    for (const auto& [object, value] : values_at(trace, relevant_objects(trace), violating))
      out += " " + object + " = " + value + ";";
    if (out.back() == ';') out.pop_back();
    out += "\n";
  } else {
    out += "\nlock holds:\n";
    for (const LockHold& h : lock_holds(events)) {
      out += "  " + thread_label(trace, h.thread) + " held " + h.lock + " (" + h.mode +
             ") from step " + std::to_string(h.from) +
             (h.to < 0 ? " to the end\n" : " to step " + std::to_string(h.to) + "\n");
    }
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
