// Scenarios: named programs with parameters, variants and expectations,
// registered at static-initialisation time and looked up by name.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/core/violation.hpp"

namespace mmcheck {

struct ParamSpec {
  std::string name;
  long default_value = 0;
  long min = 0;
  long max = 0;
  std::string help;
};

// What a scenario promises for one variant. A `verified` expectation also
// requires every listed coverage point to be reached by some execution:
// a verification that never reached the racy states proves nothing. A
// violation expectation may pin the violation itself: `message` is a
// fragment its message must contain (the invariant, the BUG_ON, the lock),
// so a different violation of the same kind fails the expectation.
struct Expectation {
  std::string variant;
  bool violation = false;
  std::optional<ViolationKind> kind;
  std::vector<std::string> coverage;
  std::string message;
};

using Params = std::map<std::string, long>;

struct ScenarioConfig {
  Params params;
  std::string variant;
  // The scenario's one text argument (ScenarioSpec::text_option), e.g. the
  // operation mix of `mmcheck run mix --mix TEXT`; empty for most scenarios.
  // It is recorded in traces ("text") so replay rebuilds the same program.
  std::string text;
  long param(const std::string& name) const { return params.at(name); }
};

// One execution's world: constructed fresh for every execution.
class ScenarioInstance {
 public:
  virtual ~ScenarioInstance() = default;
  // Creates the initial threads with spawn().
  virtual void start() = 0;
  // Runs after every thread finished: final checks (use peek()).
  virtual void finish() {}
};

struct ScenarioSpec {
  std::string name;
  std::string summary;
  std::vector<ParamSpec> params;
  std::vector<std::string> variants{"default"};
  std::vector<Expectation> expectations;
  std::vector<std::string> coverage_points;
  // The --max-steps default for this scenario (0: the command line's).
  long max_steps = 0;
  // Whether lock-order checking is on by default (--lockdep/--no-lockdep).
  bool lockdep = false;
  // The name of the scenario's text argument (the command-line option
  // `--NAME TEXT`); empty: the scenario takes none.
  std::string text_option;
  // Checks a config before any execution (bad text, a variant the program
  // cannot run on): an error sentence naming the input, or nothing. The
  // command line turns an error into exit 2 instead of exploring.
  std::function<std::optional<std::string>(const ScenarioConfig&)> validate;
  std::function<std::unique_ptr<ScenarioInstance>(const ScenarioConfig&)> make;

  const Expectation* expectation_for(const std::string& variant) const;
  const ParamSpec* param(const std::string& name) const;
  bool has_variant(const std::string& v) const;
};

// Builds a ScenarioSpec whose instances are of type S, constructed from the
// config: `S(const ScenarioConfig&)`.
template <class S>
std::function<std::unique_ptr<ScenarioInstance>(const ScenarioConfig&)> make_instance() {
  return [](const ScenarioConfig& c) { return std::make_unique<S>(c); };
}

bool register_scenario(ScenarioSpec spec);
const ScenarioSpec* find_scenario(const std::string& name);
// Every registered scenario, sorted by name.
std::vector<const ScenarioSpec*> all_scenarios();

// Checks KEY=VALUE parameters against the spec and fills in defaults.
// Returns an error sentence, or nothing on success.
std::optional<std::string> resolve_params(const ScenarioSpec& spec,
                                          const std::vector<std::string>& assignments,
                                          Params& out);

}  // namespace mmcheck
