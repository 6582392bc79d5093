// The API that scenario and model code use, besides the instrumented types:
// threads, nondeterministic choice, waiting, checks and coverage points.
// It does not include the runtime: model and scenario code cannot reach
// the engine's internals (clocks, lock-order switches, the scheduler).
#pragma once

#include <functional>
#include <string>

#include "checker/sync/lifetime.hpp"
#include "checker/sync/mutex.hpp"
#include "checker/sync/refcount.hpp"
#include "checker/sync/rwsem.hpp"
#include "checker/core/source_loc.hpp"
#include "checker/sync/variable.hpp"
#include "checker/core/violation.hpp"

namespace mmcheck {

struct Thread {
  ThreadId id = kNoThread;
};

// Creates a scenario thread. Called from a scenario's start() it makes an
// initial thread (no step); called from a running thread it is a step.
Thread spawn(std::string name, std::function<void()> body, Loc loc = Loc::current());

// The scenario thread running now (kNoThread in setup and finish()), and
// whether it takes steps (not while its stack unwinds at the end of an
// execution).
ThreadId current_thread();
bool in_scenario_thread();
// Its name, as traces show it.
std::string thread_name(ThreadId t);

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
// Any other kind (a misuse of a wrapped library type is an `exception`).
void report_violation(ViolationKind kind, const std::string& message, Loc loc = Loc::current());

// Names a value of the running thread that a reader of a counterexample
// needs (the fault's ptep): it is recorded beside the thread's latest step,
// written into the trace and shown by `mmcheck show`. Not a step.
void note(const std::string& name, const std::string& value);

// Marks a named interesting state as reached in this execution. Coverage is
// reported per point as the number of executions that reached it.
void cover(const char* point);

}  // namespace mmcheck
