// The hidden_counter scenario's program (hidden_counter.cpp), for tests
// that count its executions themselves: `execution` is the number of this
// execution, which the program lets change what it does.
#pragma once

#include <memory>

#include "checker/engine/scenario.hpp"

namespace mmcheck::scenarios {

std::unique_ptr<ScenarioInstance> make_hidden_counter(long mode, long execution);

}  // namespace mmcheck::scenarios
