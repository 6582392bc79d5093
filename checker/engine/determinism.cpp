#include "checker/engine/determinism.hpp"

#include <bit>

#include "checker/engine/explorer.hpp"

namespace mmcheck {
namespace {

CheckedExecution::Op op_of(const Event& e) {
  return CheckedExecution::Op{e.value, e.value2, e.object, static_cast<std::int16_t>(e.thread),
                              e.kind, e.ok};
}

std::string with_article(std::string_view word) {
  const bool vowel = !word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos;
  return std::string(vowel ? "an " : "a ") + std::string(word);
}

// Names [named, count) taken from `name_of`, written over what the buffer
// held from an older execution only where it differs.
template <class NameOf>
void keep_names(std::vector<std::string>& names, std::size_t& named, std::size_t count,
                const NameOf& name_of) {
  for (; named < count; ++named) {
    const std::string& name = name_of(named);
    if (named == names.size()) {
      names.push_back(name);
    } else if (names[named] != name) {
      names[named] = name;
    }
  }
}

std::string name_in(const std::vector<std::string>& names, std::size_t named, int id,
                    const char* what) {
  if (id >= 0 && static_cast<std::size_t>(id) < named) return names[id];
  return std::string(what) + " " + std::to_string(id);
}

}  // namespace

void CheckedExecution::clear() {
  schedule.clear();
  enabled.clear();
  ops.clear();
  // The names stay: the next execution usually names the same objects the
  // same way, and catch_up() rewrites only what differs (issue 19: copying
  // every name anew was a tenth of the check's cost per execution).
  objects_named = threads_named = 0;
  end = ExecutionEnd::abandoned;
  ended = false;
}

CheckedExecution CheckedExecution::of(const ExecutionRecord& r) {
  CheckedExecution x;
  x.schedule = r.schedule;
  for (const Event& e : r.events) x.ops.push_back(op_of(e));
  x.objects = r.objects;
  x.threads = r.threads;
  x.objects_named = x.objects.size();
  x.threads_named = x.threads.size();
  x.end = r.violation ? ExecutionEnd::violation : ExecutionEnd::completed;
  x.ended = true;
  return x;
}

bool DeterminismCheck::begin_execution() {
  view_ = nullptr;
  if (!failure_.empty()) return false;
  if (confirming_) {
    if (confirm_started_) return false;
    confirm_started_ = true;
    current_ = &a_;  // previous_ is the record, never a_
  } else {
    if (!inner_.begin_execution()) return false;
    ++executions_;
    if (executions_ == 1) {
      previous_ = nullptr;
      current_ = &first_;
    } else {
      previous_ = executions_ == 2 ? &first_ : current_;
      current_ = previous_ == &a_ ? &b_ : &a_;
    }
  }
  current_->clear();
  same_choices_ = previous_ != nullptr;
  comparable_ = 0;
  return true;
}

void DeterminismCheck::confirm(const CheckedExecution& recorded, bool stops_early) {
  previous_ = &recorded;
  confirming_ = true;
  confirm_started_ = false;
  stops_early_ = stops_early;
}

void DeterminismCheck::fail(const std::string& why) {
  if (failure_.empty()) failure_ = "the scenario is not deterministic: " + why;
}

std::string DeterminismCheck::describe(const CheckedExecution& x, std::size_t i) const {
  const CheckedExecution::Op& op = x.ops[i];
  std::string s = with_article(to_string(op.kind));
  if (op.object != kNoObject)
    s += " of " + name_in(x.objects, x.objects_named, op.object, "object");
  if (has_value(op.kind)) s += " = " + std::to_string(op.value);
  if (has_value2(op.kind)) s += "/" + std::to_string(op.value2);
  if (has_ok(op.kind) && !op.ok) s += " (failed)";
  return s;
}

void DeterminismCheck::report_op_difference(std::size_t i) {
  const CheckedExecution::Op& now = current_->ops[i];
  fail("step " + std::to_string(i) + " of " +
       name_in(current_->threads, current_->threads_named, now.thread, "thread") + " was " +
       describe(*previous_, i) + ", now " + describe(*current_, i) +
       " (the same choices led to a different operation)");
}

// Records the events logged since the last call, and compares those that
// the same choices produced with the previous execution's.
void DeterminismCheck::catch_up(const SchedulerView& view) {
  // Names are taken while the objects exist: an event's object was made
  // before the step that touched it was scheduled.
  keep_names(current_->objects, current_->objects_named, view.object_count(),
             [&view](std::size_t id) -> const std::string& {
               return view.object_name(static_cast<ObjectId>(id));
             });
  keep_names(current_->threads, current_->threads_named,
             static_cast<std::size_t>(view.thread_count()),
             [&view](std::size_t t) -> const std::string& {
               return view.thread_name(static_cast<ThreadId>(t));
             });
  const std::span<const Event> events = view.events();
  for (std::size_t i = current_->ops.size(); i < events.size(); ++i) {
    current_->ops.push_back(op_of(events[i]));
    if (i < comparable_ && i < previous_->ops.size() && !(previous_->ops[i] == current_->ops[i]))
      report_op_difference(i);
  }
}

ThreadId DeterminismCheck::pick_thread(const SchedulerView& view) {
  view_ = &view;
  catch_up(view);
  if (!failure_.empty()) return kAbandon;
  const auto n = static_cast<std::size_t>(view.step());
  const ThreadMask enabled = view.enabled();
  if (same_choices_) {
    const CheckedExecution& p = *previous_;
    if (n < p.enabled.size() && p.enabled[n] != enabled) {
      const ThreadId t = std::countr_zero(p.enabled[n] ^ enabled);
      const std::string who = view.thread_name(t);
      fail((enabled & bit(t)) != 0
               ? "before step " + std::to_string(n) + " " + who +
                     " can run now, and with the same choices it could not before"
               : "before step " + std::to_string(n) + " " + who +
                     " could run before, and with the same choices it cannot now (" +
                     view.blocked_reason(t) + ")");
      return kAbandon;
    }
    if (n >= p.schedule.size() && p.ended &&
        (confirming_ || p.end == ExecutionEnd::completed)) {
      if (confirming_ && stops_early_) return kAbandon;  // where the record stopped
      fail("the same choices " +
           std::string(p.end == ExecutionEnd::completed ? "finished every thread"
                                                        : "ended the execution") +
           " after step " + std::to_string(n) + " before, and now the execution goes on");
      return kAbandon;
    }
  }
  current_->enabled.push_back(enabled);
  ThreadId t;
  if (confirming_) {
    t = n < previous_->schedule.size() ? previous_->schedule[n].thread : kAbandon;
    if (t < 0 || t >= view.thread_count() || (enabled & bit(t)) == 0) {
      fail("the same choices ran " +
           name_in(previous_->threads, previous_->threads_named, t, "thread") + " at step " +
           std::to_string(n) + " before, and now it cannot run" +
           (t >= 0 && t < view.thread_count() ? " (" + view.blocked_reason(t) + ")" : ""));
      return kAbandon;
    }
  } else {
    t = inner_.pick_thread(view);
  }
  if (same_choices_ && (n >= previous_->schedule.size() || previous_->schedule[n].thread != t))
    same_choices_ = false;
  if (same_choices_) comparable_ = n + 1;
  current_->schedule.push_back(ScheduleEntry{t, -1});
  return t;
}

int DeterminismCheck::pick_value(const SchedulerView& view, int n) {
  view_ = &view;
  const auto i = static_cast<std::size_t>(view.step()) - 1;  // the choose() just logged
  int v;
  if (confirming_) {
    v = i < previous_->schedule.size() ? previous_->schedule[i].choice : -1;
    if (v < 0 || v >= n) {
      fail("step " + std::to_string(i) + " is a choose() of " + std::to_string(n) +
           " values, and with the same choices it did not offer value " + std::to_string(v) +
           " before");
      return kAbandon;
    }
  } else {
    v = inner_.pick_value(view, n);
  }
  if (same_choices_ && (i >= previous_->schedule.size() || previous_->schedule[i].choice != v)) {
    same_choices_ = false;
    comparable_ = i;
  }
  if (!current_->schedule.empty()) current_->schedule.back().choice = v;
  return v;
}

void DeterminismCheck::end_execution(ExecutionEnd end) {
  if (view_ != nullptr) {
    catch_up(*view_);
    if (failure_.empty() && same_choices_ && previous_->ended) {
      const CheckedExecution& p = *previous_;
      const std::size_t n = current_->schedule.size();
      if (end == ExecutionEnd::completed && n < p.schedule.size())
        fail("the same choices let " +
             name_in(p.threads, p.threads_named, p.schedule[n].thread, "thread") + " run at step " +
             std::to_string(n) + " before, and now every thread has finished there");
    }
  }
  current_->end = end;
  current_->ended = true;
  if (!confirming_ && tell_inner_) inner_.end_execution(end);
}

void DeterminismCheck::end_last_execution(ExecutionEnd end) {
  tell_inner_ = false;
  end_execution(end);
  tell_inner_ = true;
}

}  // namespace mmcheck
