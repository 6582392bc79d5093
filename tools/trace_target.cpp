#include "tools/trace_target.hpp"

#include "tools/exit_codes.hpp"

namespace mmcheck {

TraceFile read_trace_or_usage_error(const std::string& path) {
  try {
    return read_trace(path);
  } catch (const TraceError& e) {
    throw UsageError{e.what()};
  }
}

TraceTarget resolve_trace_target(const TraceFile& trace, const std::string& path,
                                 const std::optional<std::string>& variant) {
  TraceTarget t;
  t.spec = find_scenario(trace.scenario);
  if (t.spec == nullptr)
    throw UsageError{"trace " + path + " names scenario '" + trace.scenario +
                     "', which this mmcheck does not have (see `mmcheck list`)"};
  t.config.variant = variant.value_or(trace.variant);
  if (!t.spec->has_variant(t.config.variant))
    throw UsageError{(variant ? "--variant '" : "trace " + path + " names variant '") +
                     t.config.variant + "', which scenario " + trace.scenario + " does not have"};
  std::vector<std::string> assignments;
  for (const auto& [k, v] : trace.params) assignments.push_back(k + "=" + std::to_string(v));
  if (auto err = resolve_params(*t.spec, assignments, t.config.params))
    throw UsageError{"trace " + path + ": " + *err};
  t.config.text = trace.text;
  if (!t.spec->text_option.empty() && t.config.text.empty())
    throw UsageError{"trace " + path + " names scenario " + trace.scenario +
                     ", which needs its --" + t.spec->text_option + ", but has no \"text\""};
  if (t.spec->validate)
    if (auto err = t.spec->validate(t.config)) throw UsageError{"trace " + path + ": " + *err};
  if (trace.options.max_steps <= 0)
    throw UsageError{"trace " + path + " is invalid: checker.max_steps must be positive"};
  return t;
}

}  // namespace mmcheck
