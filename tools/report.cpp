#include "tools/report.hpp"

#include "traces/trace_io.hpp"

namespace mmcheck {

using nlohmann::json;

namespace {

// "an assertion violation", "a deadlock violation", "a violation".
std::string a_violation(const std::optional<ViolationKind>& kind) {
  if (!kind) return "a violation";
  const std::string name(to_string(*kind));
  const bool vowel_sound = name[0] == 'a' || name[0] == 'e' || name[0] == 'i' || name[0] == 'o';
  return (vowel_sound ? "an " : "a ") + name + " violation";
}

}  // namespace

Judgement judge(const Expectation& expected, const ExploreResult& result) {
  if (expected.violation) {
    if (!result.violation) {
      return {false, "expected " + a_violation(expected.kind) + ", got " + std::string(to_string(result.verdict()))};
    }
    if (expected.kind && *expected.kind != result.violation->kind) {
      return {false, "expected " + a_violation(expected.kind) + ", got " + a_violation(result.violation->kind)};
    }
    if (!expected.message.empty() &&
        result.violation->message.find(expected.message) == std::string::npos) {
      return {false, "expected a violation whose message contains '" + expected.message +
                         "', got: " + result.violation->message.substr(0, 200)};
    }
    return {};
  }
  if (result.violation) {
    return {false, "expected verified, got " + a_violation(result.violation->kind)};
  }
  if (!result.complete) return {false, "expected verified, got incomplete (" + std::string(to_string(result.stopped_by)) + ")"};
  for (const std::string& point : expected.coverage) {
    auto it = result.coverage.find(point);
    if (it == result.coverage.end() || it->second == 0)
      return {false, "verified, but coverage point '" + point +
                         "' was never reached: the verification is vacuous"};
  }
  return {};
}

std::optional<std::string> no_visible_step_warning(const std::set<std::string>& threads) {
  if (threads.empty()) return std::nullopt;
  std::string names;
  for (const std::string& t : threads) names += (names.empty() ? "" : ", ") + t;
  return "scenario thread" + std::string(threads.size() > 1 ? "s " : " ") + names +
         " ended without a visible step: mmcheck saw nothing of what " +
         (threads.size() > 1 ? "they" : "it") +
         " did, so it explored no interleaving of it (an uninstrumented type such as "
         "std::atomic or a plain int? use mmcheck's types: docs/your-own-code.md)";
}

json result_json(const ScenarioSpec& spec, const ExploreResult& r,
                 const std::optional<std::string>& trace_path) {
  json j;
  j["format"] = "mmcheck-run";
  j["version"] = 1;
  j["scenario"] = r.scenario;
  j["variant"] = r.variant;
  j["params"] = r.params;
  if (!r.text.empty()) j["text"] = r.text;
  j["strategy"] = r.strategy;
  j["verdict"] = to_string(r.verdict());
  j["violation"] = r.violation ? verdict_json(*r.violation) : json(nullptr);
  // Every kind found: more than the first only under --no-stop.
  j["violation_kinds"] = json::array();
  for (ViolationKind k : r.violation_kinds) j["violation_kinds"].push_back(to_string(k));
  j["executions"] = r.executions;
  j["abandoned"] = r.abandoned;
  j["events"] = r.events;
  j["complete"] = r.complete;
  j["stopped_by"] = r.stopped_by == StopReason::none ? json(nullptr) : json(to_string(r.stopped_by));
  j["elapsed_s"] = r.elapsed_s;
  j["trace"] = trace_path ? json(*trace_path) : json(nullptr);
  j["preemptions"] = r.violation ? json(r.counterexample.preemptions) : json(nullptr);
  if (const Expectation* e = spec.expectation_for(r.variant)) {
    const Judgement verdict = judge(*e, r);
    j["expected"] = verdict.met;
    if (!verdict.met) j["unexpected"] = verdict.why;
  }
  j["coverage"] = r.coverage;
  j["warnings"] = json::array();
  if (auto w = no_visible_step_warning(r.threads_without_steps))
    j["warnings"].push_back(
        json{{"kind", "no_visible_step"}, {"threads", r.threads_without_steps}, {"message", *w}});
  if (r.strategy == "dpor") j["divergences"] = r.divergences;
  if (!r.nondeterminism.empty()) j["nondeterminism"] = r.nondeterminism;
  if (r.lock_classes > 0)
    j["lockdep"] = json{{"classes", r.lock_classes}, {"dependencies", r.lock_dependencies}};
  return j;
}

std::string describe_violation(const Violation& v, const ExecutionRecord& record) {
  std::string s(to_string(v.kind));
  if (v.loc.line != 0)
    s += std::string(" at ") + SourceLoc::relative_path(v.loc.file) + ":" + std::to_string(v.loc.line);
  s += " (";
  if (v.thread >= 0 && v.thread < static_cast<int>(record.threads.size()))
    s += "thread " + record.threads[v.thread] + ", ";
  else
    s += "after all threads, ";
  s += "step " + std::to_string(v.step) + "): " + v.message;
  return s;
}

}  // namespace mmcheck
