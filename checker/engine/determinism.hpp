// The nondeterminism self-check, one wrapper around every strategy.
//
// Executions are stateless: each is rebuilt from the scenario's setup and
// its choices. That holds only if the scenario is deterministic given the
// choices; a scenario that reads a process-global counter, the clock or an
// address breaks it, and then a strategy's replayed prefix is not what it
// recorded, a verification is vacuous and a counterexample does not replay.
//
// DeterminismCheck compares each execution with the one before it for as
// long as the choices made (threads and choose() values) are the same:
// the threads able to run at each step, and each step's operation (kind,
// object, values, outcome), and how the execution ended if every choice was
// the same. dfs and dpor replay long prefixes, so most of each execution is
// checked; random and pct are checked where their choices coincide. After
// the exploration, explore() replays the first execution and the violating
// one through confirm(), which catches what no prefix shows (a scenario
// that changes from its second execution on, a verdict that changes).
//
// The first difference stops the exploration with failure():
//   the scenario is not deterministic: step 7 of t0 was a load of x = 0,
//   now a store of y = 1 (the same choices led to a different operation)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/core/event.hpp"
#include "checker/engine/runtime.hpp"
#include "checker/explore/strategy.hpp"

namespace mmcheck {

struct ExecutionRecord;

// One execution as the check compares it.
struct CheckedExecution {
  struct Op {  // 24 bytes: a long execution keeps one per step
    std::int64_t value = 0;
    std::int64_t value2 = 0;
    ObjectId object = kNoObject;
    std::int16_t thread = kNoThread;
    OpKind kind = OpKind::load;
    bool ok = true;
    bool operator==(const Op&) const = default;
  };
  std::vector<ScheduleEntry> schedule;  // the choices made, one per step
  std::vector<ThreadMask> enabled;      // who could run before each step
  std::vector<Op> ops;                  // what each step did
  // Names by ObjectId and ThreadId: the first objects_named and
  // threads_named are this execution's; the rest are an older one's,
  // kept to be overwritten without allocating.
  std::vector<std::string> objects;
  std::vector<std::string> threads;
  std::size_t objects_named = 0;
  std::size_t threads_named = 0;
  ExecutionEnd end = ExecutionEnd::abandoned;
  bool ended = false;  // end is known

  void clear();
  static CheckedExecution of(const ExecutionRecord& r);
};

class DeterminismCheck final : public Strategy {
 public:
  explicit DeterminismCheck(Strategy& inner) : inner_(inner) {}

  std::string_view name() const override { return inner_.name(); }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  int pick_value(const SchedulerView& view, int n) override;
  void end_execution(ExecutionEnd end) override;
  bool exhaustive() const override { return inner_.exhaustive(); }
  const std::string& failure() const override {
    return failure_.empty() ? inner_.failure() : failure_;
  }
  double fraction_done() const override { return inner_.fraction_done(); }
  long divergences() const override { return inner_.divergences(); }

  // Whether failure() is this check's (the scenario is not deterministic).
  bool nondeterministic() const { return !failure_.empty(); }
  // The first execution, as recorded (empty before it ended).
  const CheckedExecution& first() const { return first_; }

  // The next execution replays `recorded` exactly and is compared with it
  // throughout; the inner strategy is not asked. `stops_early`: the record
  // ended at a check the replay does not make (lock order), so the replay
  // stops quietly where it ended. Afterwards the check is spent.
  void confirm(const CheckedExecution& recorded, bool stops_early);
  // After a confirm() run: whether it reached the record's end undisturbed.
  bool confirmed() const { return failure_.empty(); }
  // Sets the failure from outside (explore() comparing violations).
  void fail(const std::string& why);
  // end_execution() for an execution after which the exploration stops:
  // the check records it, the inner strategy is not told (dpor would
  // reverse every race of it for nothing, quadratic in its length).
  void end_last_execution(ExecutionEnd end);

 private:
  void catch_up(const SchedulerView& view);
  // Step i differs from the previous execution's: the failure that says how.
  void report_op_difference(std::size_t i);
  std::string describe(const CheckedExecution& x, std::size_t i) const;

  Strategy& inner_;
  std::string failure_;
  const SchedulerView* view_ = nullptr;
  // The execution compared against (`first_`, `older_` or a confirmed
  // record) and the one being recorded.
  const CheckedExecution* previous_ = nullptr;
  CheckedExecution* current_ = nullptr;
  CheckedExecution first_, a_, b_;
  long executions_ = 0;
  bool same_choices_ = false;       // every choice so far equals previous_'s
  std::size_t comparable_ = 0;      // ops [0, comparable_) come from the same choices
  bool confirming_ = false;
  bool confirm_started_ = false;
  bool stops_early_ = false;
  bool tell_inner_ = true;
};

}  // namespace mmcheck
