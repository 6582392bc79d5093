// What a user's scenario includes: the instrumented types, threads, choice,
// checks, coverage, and scenario registration (see docs/your-own-code.md).
// The idiomatic layers on top: <mmcheck/kernel.h> and <mmcheck/std_like.hpp>.
#pragma once

#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"
