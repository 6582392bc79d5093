#include "checker/dpor.hpp"

#include <bit>

#include "checker/lifetime.hpp"
#include "checker/object.hpp"

namespace mmcheck {
namespace {

ThreadId pick_first(ThreadMask options, ThreadId preferred) {
  if (preferred != kNoThread && (options & bit(preferred))) return preferred;
  return std::countr_zero(options);
}

}  // namespace

bool DporStrategy::begin_execution() {
  depth_ = 0;
  view_ = nullptr;
  hb_.reset();
  processed_ = 0;
  prev_enabled_ = 0;
  event_node_.clear();
  step_owner_.clear();
  if (!failure_.empty()) return false;
  if (!started_) {
    started_ = true;
    race_from_ = 0;
    return true;
  }
  while (!stack_.empty()) {
    Node& n = stack_.back();
    if (n.is_value) {
      if (n.chosen + 1 < n.values) {
        ++n.chosen;
        race_from_ = n.event;
        return true;
      }
    } else {
      // The subtree of the chosen thread is done: it sleeps from now on.
      n.sleep |= bit(n.chosen);
      n.asleep[n.chosen] = n.chosen_access;
      const ThreadMask left = n.backtrack & n.enabled & ~n.sleep;
      if (left != 0) {
        n.chosen = std::countr_zero(left);
        race_from_ = n.event;
        return true;
      }
    }
    stack_.pop_back();
  }
  return false;
}

bool DporStrategy::mismatch(const char* what) {
  failure_ = std::string("the scenario is not deterministic: replaying the same choices ") +
             what + " at step " + std::to_string(view_ ? view_->step() : 0);
  return false;
}

void DporStrategy::record_step(const SchedulerView& view, int node, ThreadId t) {
  const std::size_t k = static_cast<std::size_t>(view.step());
  if (event_node_.size() <= k) {
    event_node_.resize(k + 1);
    step_owner_.resize(k + 1);
  }
  event_node_[k] = node;
  // The object may be gone when the event is analysed; its owner is not
  // recorded in the event, so take it now.
  const Object* o = view.pending(t).object;
  const Lifetime* owner = o != nullptr ? o->owner() : nullptr;
  step_owner_[k] = (owner != nullptr && owner != o) ? owner->id() : kNoObject;
}

void DporStrategy::process_events(const SchedulerView& view) {
  const std::span<const Event> events = view.events();
  for (; processed_ < events.size(); ++processed_) {
    const Event& e = events[processed_];
    const int k = static_cast<int>(processed_);
    const ObjectId owner =
        processed_ < step_owner_.size() ? step_owner_[processed_] : kNoObject;
    const OpAccess a = classify(e.kind, e.ok, e.object, owner);
    const bool new_event = k >= race_from_;
    hb_.add(e, a, new_event);
    if (processed_ < event_node_.size()) stack_[event_node_[processed_]].chosen_access = a;
    if (!new_event) continue;
    // Copy: add_backtrack does not touch hb_'s races, but keep it obvious.
    const VectorClock c2 = hb_.race_clock();
    for (const DporHb::Race& r : hb_.races()) add_backtrack(r.e1, e.thread, &c2);
  }
}

void DporStrategy::add_backtrack(int e1, ThreadId p, const VectorClock* c2) {
  Node& n = stack_[event_node_[e1]];
  const ThreadMask initials = hb_.initials(e1, p, c2);
  if (initials & n.backtrack) return;
  // Only a thread that can run there can start the reversal; a disabled one
  // means this reversal is impossible (e.g. a lock held before e1).
  const ThreadMask runnable = initials & n.enabled;
  if (runnable == 0) return;
  const ThreadMask awake = runnable & ~n.sleep;
  n.backtrack |= bit(pick_first(awake != 0 ? awake : runnable, p));
}

ThreadId DporStrategy::pick_thread(const SchedulerView& view) {
  view_ = &view;
  process_events(view);
  const int k = static_cast<int>(view.step());
  const ThreadMask enabled = view.enabled();
  // A queued rw_semaphore request just granted: its wake-up follows the
  // release that granted it (the previous step).
  const ThreadMask newly = enabled & ~prev_enabled_;
  prev_enabled_ = enabled;
  if (k > 0) {
    for (ThreadMask m = newly; m != 0; m &= m - 1) {
      const ThreadId t = std::countr_zero(m);
      if (view.pending(t).kind == OpKind::rwsem_wake) hb_.add_enabler(t, k - 1);
    }
  }

  if (depth_ < stack_.size()) {
    const Node& n = stack_[depth_];
    if (n.is_value || n.enabled != enabled) {
      mismatch("reached a different set of runnable threads");
      return kAbandon;
    }
    record_step(view, static_cast<int>(depth_), n.chosen);
    ++depth_;
    return n.chosen;
  }

  Node n;
  n.enabled = enabled;
  n.event = k;
  if (k > 0) {
    // Sleepers stay asleep unless the step just taken depends on them.
    const Node& parent = stack_[event_node_[k - 1]];
    for (ThreadMask m = parent.sleep; m != 0; m &= m - 1) {
      const ThreadId t = std::countr_zero(m);
      if (dependent(parent.asleep[t], parent.chosen_access)) continue;
      n.sleep |= bit(t);
      n.asleep[t] = parent.asleep[t];
    }
  }
  const ThreadMask awake = enabled & ~n.sleep;
  if (awake == 0) return kAbandon;  // sleep-set blocked: redundant
  n.chosen = pick_first(awake, view.last_thread());
  n.backtrack = bit(n.chosen);
  stack_.push_back(n);
  record_step(view, static_cast<int>(depth_), n.chosen);
  ++depth_;
  return n.chosen;
}

int DporStrategy::pick_value(const SchedulerView& view, int values) {
  view_ = &view;
  process_events(view);
  if (depth_ < stack_.size()) {
    const Node& n = stack_[depth_];
    if (!n.is_value || n.values != values) {
      mismatch("reached a different choice");
      return kAbandon;
    }
    ++depth_;
    return n.chosen;
  }
  Node n;
  n.is_value = true;
  n.values = values;
  n.chosen = 0;
  n.event = static_cast<int>(view.step()) - 1;
  stack_.push_back(n);
  ++depth_;
  return 0;
}

void DporStrategy::end_execution(ExecutionEnd end) {
  if (view_ == nullptr) return;
  process_events(*view_);
  if (end != ExecutionEnd::violation) return;
  // Cut short: what the live threads would still do is unknown.
  for (ThreadMask m = view_->live(); m != 0; m &= m - 1) {
    const ThreadId t = std::countr_zero(m);
    hb_.end_races(t);
    for (const DporHb::Race& r : hb_.races()) add_backtrack(r.e1, t, nullptr);
  }
}

}  // namespace mmcheck
