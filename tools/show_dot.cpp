// The happens-before graph of a trace for Graphviz: one cluster per thread
// in program order, and an edge for each conflict (or lock) order between
// threads that no other path implies. The violating step and the explained
// pairs are drawn in red.
#include <set>

#include "tools/hb_reduction.hpp"
#include "tools/relevant_steps.hpp"
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

std::string show_dot(const nlohmann::json& trace, const ShowOptions& options) {
  const nlohmann::json& events = trace["events"];
  const nlohmann::json& verdict = trace["verdict"];
  const long violating = verdict.is_object() ? verdict.value("step", -1L) : -1;
  std::set<std::pair<long, long>> explained;
  std::set<long> explained_steps;
  for (const ConflictPair& p : explain_violation(trace)) {
    explained.insert({p.first, p.second});
    explained_steps.insert({p.first, p.second});
  }
  std::vector<bool> shown(events.size(), true);
  if (options.relevant && verdict.is_object()) shown = relevant_steps(trace);
  std::vector<int> thread_of;
  for (const auto& e : events) thread_of.push_back(e.value("thread", -1));
  std::string out =
      "digraph happens_before {\n  rankdir=TB;\n  ranksep=0.3;\n  nodesep=0.3;\n"
      "  node [shape=box, fontname=monospace, fontsize=12, height=0.3, margin=\"0.1,0.03\"];\n"
      "  edge [fontsize=10];\n";
  if (static_cast<long>(events.size()) > kMaxReducedSteps)
    out += "  // " + std::to_string(events.size()) + " steps: drawn without transitive reduction\n";
  for (std::size_t t = 0; t < trace["threads"].size(); ++t) {
    out += "  subgraph cluster_t" + std::to_string(t) + " {\n    label=" +
           quoted(thread_label(trace, static_cast<int>(t))) + ";\n";
    for (const auto& e : events) {
      const long s = e.value("step", 0L);
      if (e.value("thread", -1) != static_cast<int>(t) || !shown[static_cast<std::size_t>(s)]) continue;
      out += "    s" + std::to_string(s) + " [label=" +
             quoted(std::to_string(s) + ": " + event_text(e)) + "";
      if (s == violating) out += ", color=red, penwidth=3";
      else if (explained_steps.count(s)) out += ", color=red";
      out += "];\n";
    }
    out += "  }\n";
  }
  // Program order solid (labelled with the steps left out), conflict and
  // lock orders dashed (labelled with their object): only the edges no other
  // path implies (hb_reduction.hpp).
  for (const HbEdge& d : reduced_edges(dependency_edges(events), shown, thread_of)) {
    out += "  s" + std::to_string(d.from) + " -> s" + std::to_string(d.to);
    if (d.program_order) {
      if (d.skipped > 0) out += " [label=" + quoted("+" + std::to_string(d.skipped)) + "]";
    } else {
      out += " [style=dashed";
      if (!d.object.empty()) out += ", label=" + quoted(d.object);
      out += "]";
    }
    out += ";\n";
  }
  for (const auto& [a, b] : explained)
    out += "  s" + std::to_string(a) + " -> s" + std::to_string(b) +
           " [color=red, constraint=false, label=\"racing pair\"];\n";
  out += "}\n";
  return out;
}

}  // namespace mmcheck
