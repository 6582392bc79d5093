#include <iostream>
#include <nlohmann/json.hpp>

#include "checker/engine/scenario.hpp"
#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"

namespace mmcheck {

int cmd_list(bool json) {
  for (const ScenarioSpec* s : all_scenarios()) {
    if (json) {
      nlohmann::json j{{"format", "mmcheck-list"}, {"version", 1}, {"name", s->name},
                       {"summary", s->summary}, {"variants", s->variants}};
      nlohmann::json params = nlohmann::json::array();
      for (const ParamSpec& p : s->params)
        params.push_back({{"name", p.name}, {"default", p.default_value}, {"min", p.min},
                          {"max", p.max}, {"help", p.help}});
      j["params"] = params;
      nlohmann::json expected = nlohmann::json::object();
      for (const Expectation& e : s->expectations)
        expected[e.variant] = e.violation ? std::string(to_string(*e.kind)) : "verified";
      j["expected"] = expected;
      j["coverage_points"] = s->coverage_points;
      std::cout << j.dump() << '\n';
      continue;
    }
    std::cout << s->name << "  " << s->summary << '\n';
    std::cout << "    variants:";
    for (const std::string& v : s->variants) {
      std::cout << ' ' << v;
      if (const Expectation* e = s->expectation_for(v))
        std::cout << " (" << (e->violation ? to_string(*e->kind) : "verified") << ")";
    }
    std::cout << '\n';
    if (!s->params.empty()) {
      std::cout << "    params:";
      for (const ParamSpec& p : s->params)
        std::cout << ' ' << p.name << '=' << p.default_value << " [" << p.min << ".." << p.max
                  << "]";
      std::cout << '\n';
    }
  }
  return kExitOk;
}

}  // namespace mmcheck
