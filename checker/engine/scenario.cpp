#include "checker/engine/scenario.hpp"

#include <algorithm>
#include <charconv>

namespace mmcheck {
namespace {

std::map<std::string, ScenarioSpec>& registry() {
  static std::map<std::string, ScenarioSpec> r;
  return r;
}

std::string allowed_params(const ScenarioSpec& spec) {
  if (spec.params.empty()) return "it takes no parameters";
  std::string s = "allowed:";
  for (const ParamSpec& p : spec.params)
    s += " " + p.name + " (" + std::to_string(p.min) + ".." + std::to_string(p.max) + ")";
  return s;
}

}  // namespace

const Expectation* ScenarioSpec::expectation_for(const std::string& variant) const {
  for (const Expectation& e : expectations)
    if (e.variant == variant) return &e;
  return nullptr;
}

const ParamSpec* ScenarioSpec::param(const std::string& n) const {
  for (const ParamSpec& p : params)
    if (p.name == n) return &p;
  return nullptr;
}

bool ScenarioSpec::has_variant(const std::string& v) const {
  return std::find(variants.begin(), variants.end(), v) != variants.end();
}

bool register_scenario(ScenarioSpec spec) {
  std::string name = spec.name;
  return registry().emplace(std::move(name), std::move(spec)).second;
}

const ScenarioSpec* find_scenario(const std::string& name) {
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<const ScenarioSpec*> all_scenarios() {
  std::vector<const ScenarioSpec*> v;
  for (const auto& [name, spec] : registry()) v.push_back(&spec);
  return v;
}

std::optional<std::string> resolve_params(const ScenarioSpec& spec,
                                          const std::vector<std::string>& assignments,
                                          Params& out) {
  out.clear();
  for (const ParamSpec& p : spec.params) out[p.name] = p.default_value;
  for (const std::string& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0)
      return "--param '" + a + "' is not KEY=VALUE";
    const std::string key = a.substr(0, eq);
    const std::string text = a.substr(eq + 1);
    const ParamSpec* p = spec.param(key);
    if (p == nullptr)
      return "scenario " + spec.name + " has no parameter '" + key + "'; " + allowed_params(spec);
    long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
      return "parameter " + key + " of scenario " + spec.name + " must be an integer, not '" +
             text + "'";
    if (value < p->min || value > p->max)
      return "parameter " + key + "=" + text + " of scenario " + spec.name +
             " is out of range; allowed: " + std::to_string(p->min) + ".." +
             std::to_string(p->max);
    out[key] = value;
  }
  return std::nullopt;
}

}  // namespace mmcheck
