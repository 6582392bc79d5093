// The API that scenario and model code use, besides the instrumented types:
// threads, nondeterministic choice, waiting, checks and coverage points.
#pragma once

#include <functional>
#include <string>

#include "checker/lifetime.hpp"
#include "checker/mutex.hpp"
#include "checker/refcount.hpp"
#include "checker/runtime.hpp"
#include "checker/rwsem.hpp"
#include "checker/source_loc.hpp"
#include "checker/variable.hpp"

namespace mmcheck {

struct Thread {
  ThreadId id = kNoThread;
};

// Creates a scenario thread. Called from a scenario's start() it makes an
// initial thread (no step); called from a running thread it is a step.
Thread spawn(std::string name, std::function<void()> body, Loc loc = Loc::current());

// Waits until the thread has finished (a step, enabled once it has).
void join(Thread t, Loc loc = Loc::current());

// A nondeterministic value in [0, n): exploration tries every one.
int choose(int n, Loc loc = Loc::current());

// Blocks until pred() holds: the wait is one step, enabled when it holds.
// The predicate is evaluated by the scheduler, so it must only read.
void await(std::function<bool()> pred, Loc loc = Loc::current());

// A failed check is an `assertion` violation with this message.
void check(bool condition, const std::string& message, Loc loc = Loc::current());
// A failed invariant is an `invariant` violation (model invariants).
void check_invariant(bool condition, const std::string& message, Loc loc = Loc::current());

// Marks a named interesting state as reached in this execution. Coverage is
// reported per point as the number of executions that reached it.
void cover(const char* point);

}  // namespace mmcheck
