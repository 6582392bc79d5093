// Random concurrent programs for differential testing of dpor against dfs:
// 2-4 threads over a few Shared and Plain variables, two mutexes, an
// rw_semaphore and a tracked object, with branches on values read,
// choose(), await() and check() assertions. Generated from a seed, so a
// failing program can be rebuilt and printed.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "checker/engine/scenario.hpp"

namespace mmcheck::testing {

struct Stmt {
  enum Kind {
    load, store, add, cas, plain_load, plain_store, lock_block, trylock_block, read_section,
    write_section, read_trylock_section, branch, choose, check, await, free_obj, field_load,
    field_store,
    store_const,  // stores `value` itself, 0 included: awaits get disabled again
    await_eq,     // await(var == value)
    await_sum     // await(s0 + s1 >= value)
  };
  Kind kind = load;
  int var = 0;    // variable, mutex index
  int value = 0;  // constant
  int reg = 0;    // register read or written
  std::vector<Stmt> body;       // blocks, then-branch
  std::vector<Stmt> else_body;  // else-branch
};

struct Program {
  std::vector<std::vector<Stmt>> threads;
  std::string describe() const;
};

// What a generated program may use.
enum class ProgramShape {
  mixed,         // everything above, 2-4 threads
  plain_memory,  // 4 threads of loads, stores, adds and branches only: the
                 // model of the papers, with nothing this checker adds
  synchronisation,  // 4 threads, mostly locks, rw_semaphores, trylocks,
                    // compare-and-swap and awaits: what the papers leave out
  awaits,  // 2-4 threads of awaits on one or two variables and stores of 0,
           // 1 and 2, so that awaits become enabled, disabled and enabled
           // again (issue 13), with loads, adds, branches and checks
};

Program random_program(std::uint64_t seed, ProgramShape shape = ProgramShape::mixed);

// What the explorations of one program saw: final states of complete
// executions (variables and every register).
struct Outcomes {
  std::set<std::vector<long>> finals;
};

ScenarioSpec program_scenario(std::shared_ptr<const Program> program,
                              std::shared_ptr<Outcomes> outcomes);

}  // namespace mmcheck::testing
