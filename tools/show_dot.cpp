// The happens-before graph of a trace for Graphviz: one cluster per thread
// in program order, and an edge for each conflict (or lock) order between
// threads. The violating step and the explained pairs are drawn in red.
#include <set>

#include "tools/show.hpp"
#include "traces/explain.hpp"

namespace mmcheck {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string show_dot(const nlohmann::json& trace) {
  const nlohmann::json& events = trace["events"];
  const nlohmann::json& verdict = trace["verdict"];
  const long violating = verdict.is_object() ? verdict.value("step", -1L) : -1;
  std::set<std::pair<long, long>> explained;
  std::set<long> explained_steps;
  for (const ConflictPair& p : explain_violation(trace)) {
    explained.insert({p.first, p.second});
    explained_steps.insert({p.first, p.second});
  }
  std::string out = "digraph happens_before {\n  rankdir=TB;\n  node [shape=box, fontname=monospace];\n";
  for (std::size_t t = 0; t < trace["threads"].size(); ++t) {
    out += "  subgraph cluster_t" + std::to_string(t) + " {\n    label=" +
           quoted(thread_label(trace, static_cast<int>(t))) + ";\n";
    for (const auto& e : events) {
      if (e.value("thread", -1) != static_cast<int>(t)) continue;
      const long s = e.value("step", 0L);
      out += "    s" + std::to_string(s) + " [label=" +
             quoted(std::to_string(s) + ": " + event_text(e)) + "";
      if (s == violating) out += ", color=red, penwidth=3";
      else if (explained_steps.count(s)) out += ", color=red";
      out += "];\n";
    }
    out += "  }\n";
  }
  for (const DependencyEdge& d : dependency_edges(events)) {
    out += "  s" + std::to_string(d.from) + " -> s" + std::to_string(d.to);
    if (!d.program_order) out += " [style=dashed]";
    out += ";\n";
  }
  for (const auto& [a, b] : explained)
    out += "  s" + std::to_string(a) + " -> s" + std::to_string(b) +
           " [color=red, constraint=false, label=\"racing pair\"];\n";
  out += "}\n";
  return out;
}

}  // namespace mmcheck
