#include "checker/explore/dpor/dpor.hpp"

#include <algorithm>
#include <bit>


namespace mmcheck {
namespace {

ThreadId pick_first(ThreadMask options, ThreadId preferred) {
  if (preferred != kNoThread && (options & bit(preferred))) return preferred;
  return std::countr_zero(options);
}

SeqEvent as_seq_event(const Event& e, const OpAccess& a) {
  SeqEvent s;
  s.thread = e.thread;
  s.access = a;
  if (e.kind == OpKind::rwsem_wake) s.woken_on = e.object;
  // Run later, it may leave its thread unable to run (a lock, a queued
  // rw_semaphore request whose wake-up waits for a release, an await) or
  // take the other outcome (a compare-and-swap, trylock or read acquisition).
  s.may_turn_out_different = e.kind == OpKind::lock || e.kind == OpKind::await ||
                             outcome_may_write(e.kind) || (e.kind == OpKind::down_write && !e.ok);
  if (e.kind == OpKind::spawn) s.spawned = static_cast<std::int8_t>(e.value);
  if (e.kind == OpKind::join) s.joined = static_cast<std::int8_t>(e.value);
  if (e.kind == OpKind::choose) s.value = static_cast<int>(e.value);
  s.plain = a.object != kNoObject && a.owner == kNoObject && !a.await &&
            s.woken_on == kNoObject && s.spawned == kNoThread && s.joined == kNoThread;
  return s;
}

}  // namespace

DporStrategy::Node& DporStrategy::push_node() {
  if (height_ == stack_.size()) stack_.emplace_back();
  Node& n = stack_[height_++];
  n.is_value = false;
  n.values = n.first_value = n.tried = n.explored = n.chosen = n.event = 0;
  n.enabled = n.sleep = 0;
  n.branch_wrote = false;
  n.wut = WakeupForest::kNone;
  n.choices.clear();
  return n;
}

void DporStrategy::pop_node() {
  Node& n = stack_[--height_];
  forest_.release(n.wut);
  n.wut = WakeupForest::kNone;
  for (const auto& [value, tree] : n.choices) forest_.release(tree);
  n.choices.clear();
}

// Frees a branch chosen for a state the execution never reached (it ended
// first).
void DporStrategy::release_pending() {
  forest_.release(next_wut_);
  next_wut_ = WakeupForest::kNone;
  for (const auto& [value, tree] : next_choices_) forest_.release(tree);
  next_choices_.clear();
  next_value_ = -1;
}

// Moves node n to the first branch of its wakeup tree whose thread can run,
// with every other branch that starts with the same thread: one subtree for
// the state that follows, and one per other value if the thread's event is
// a choose().
bool DporStrategy::take_branch(Node& n) {
  release_pending();
  while (const SeqEvent* first = forest_.first(n.wut)) {
    const ThreadId p = first->thread;
    const bool runnable = (n.enabled & ~n.sleep & bit(p)) != 0;
    if (!runnable) {
      // A tentative event (an await whose predicate does not hold here)
      // is passed over: what was inserted below it still has to be
      // explored from this state. Anything else is a divergence.
      for (WakeupForest::Ref c; (c = forest_.pop_thread(n.wut, p)) != WakeupForest::kNone;) {
        if (forest_.event(c).tentative && !forest_.event(c).unknown && (n.enabled & bit(p)) == 0) {
          forest_.merge(n.wut, c);
          continue;
        }
        ++divergences_;
        forest_.release(c);
      }
      continue;
    }
    n.chosen = p;
    n.branch_wrote = false;
    next_value_ = forest_.first_value_of(n.wut, p);
    for (WakeupForest::Ref c; (c = forest_.pop_thread(n.wut, p)) != WakeupForest::kNone;) {
      n.branch_wrote |= forest_.event(c).access.write;
      const int value = forest_.event(c).value;
      if (value < 0 || value == next_value_) {
        if (next_wut_ == WakeupForest::kNone) {
          next_wut_ = c;
        } else {
          forest_.merge(next_wut_, c);
        }
        continue;
      }
      auto it = std::find_if(next_choices_.begin(), next_choices_.end(),
                             [value](const auto& choice) { return choice.first == value; });
      if (it == next_choices_.end()) {
        next_choices_.emplace_back(value, c);
      } else {
        forest_.merge(it->second, c);
      }
    }
    return true;
  }
  return false;
}

// The next execution replays events [0, race_from_) exactly: what the
// last one learnt about them (happens-before, owners, nodes) is kept.
void DporStrategy::keep_prefix() {
  if (restored_) {
    restored_ = false;
    race_from_ = 0;
    hb_.reset();
  }
  hb_.truncate(race_from_);
  processed_ = static_cast<std::size_t>(race_from_);
  const auto k = static_cast<std::size_t>(race_from_);
  if (event_node_.size() > k) event_node_.resize(k);
  if (seq_.size() > k) seq_.resize(k);
  while (!races_.empty() && races_.back().e2 >= race_from_) races_.pop_back();
}

bool DporStrategy::begin_execution() {
  depth_ = 0;
  view_ = nullptr;
  prev_enabled_ = 0;
  release_pending();
  if (!failure_.empty()) return false;
  ++execution_;
  if (!started_) {
    started_ = true;
    race_from_ = 0;
    hb_.reset();
    keep_prefix();
    return true;
  }
  while (height_ > 0) {
    Node& n = stack_[height_ - 1];
    if (n.is_value) {
      if (n.tried + 1 < n.values) {
        ++n.tried;
        n.chosen = (n.first_value + n.tried) % n.values;
        for (auto& [value, tree] : n.choices) {
          if (value != n.chosen) continue;
          next_wut_ = tree;
          tree = WakeupForest::kNone;
        }
        race_from_ = n.event;
        keep_prefix();
        return true;
      }
    } else {
      // The subtree of the chosen thread is done: it sleeps from now on.
      n.sleep |= bit(n.chosen);
      asleep_slot(n, n.chosen) = n.chosen_event;
      // Its branch was inserted as a write that ran as a read (a failed
      // compare-and-swap): the later branches were placed against the
      // write, so as the read it covers only what it is in (seed 9005217).
      if (n.branch_wrote && !n.chosen_event.access.write) n.asleep[n.chosen].read_not_write = true;
      ++n.explored;
      if (take_branch(n)) {
        race_from_ = n.event;
        keep_prefix();
        return true;
      }
    }
    pop_node();
  }
  return false;
}

bool DporStrategy::mismatch(const char* what) {
  failure_ = std::string("the scenario is not deterministic: replaying the same choices ") +
             what + " at step " + std::to_string(view_ ? view_->step() : 0);
  return false;
}

void DporStrategy::record_step(const SchedulerView& view, int node) {
  const std::size_t k = static_cast<std::size_t>(view.step());
  if (view.step() < race_from_) return;  // kept from the last execution
  if (event_node_.size() == k) {  // steps come in order: the usual case
    event_node_.push_back(node);
    return;
  }
  if (event_node_.size() < k) event_node_.resize(k + 1);
  event_node_[k] = node;
}

void DporStrategy::process_events(const SchedulerView& view) {
  const std::span<const Event> events = view.events();
  for (; processed_ < events.size(); ++processed_) {
    const Event& e = events[processed_];
    const int k = static_cast<int>(processed_);
    const OpAccess a = classify(e);
    const bool new_event = k >= race_from_;
    hb_.add(e, a, new_event);
    seq_.push_back(as_seq_event(e, a));
    if (processed_ < event_node_.size()) stack_[event_node_[processed_]].chosen_event = seq_.back();
    if (!new_event || hb_.races().empty()) continue;
    // Reversed, e2 runs in another state and may take the other outcome: a
    // failed compare-and-swap may succeed there.
    SeqEvent e2_event = seq_.back();
    e2_event.access.write |= outcome_may_write(e.kind);
    e2_event.tentative = e.kind == OpKind::await;
    const bool may_differ = e2_event.tentative || outcome_may_write(e.kind);
    for (const DporHb::Race& r : hb_.races())
      races_.push_back({r.e1, k, e2_event, may_differ, false, {}});
    // Each write of an await's window is reversed twice: with every event
    // that does not follow the write before the await (JACM 2017's
    // notdep), and with only the await's own past (dpor_hb.hpp): the first
    // keeps later writes the await may need, the second leaves out those
    // that disable it again (the soak found traces only one of them reaches).
    for (const DporHb::Race& r : hb_.await_window()) {
      races_.push_back({r.e1, k, e2_event, true, false, {}});
      races_.push_back({r.e1, k, e2_event, true, true, {}, hb_.await_base()});
    }
  }
}

// Races are reversed once the execution is over, every race of it, those
// of the replayed prefix too (JACM 2017, Algorithm 2, reverses every race
// of each maximal execution): notdep(e1) takes in every later event that
// does not follow e1, including those after e2 and those of the new
// suffix, so the same race asks for a different sequence after each new
// suffix. Reversing at e2, with only the events before it, left sleepers
// trusted that a later event depends on (seeds 14012306, 14017616);
// reversing a race only in the execution that found it left a sleeper at
// the root covering a reversal whose own race, reversed against an older
// suffix, had been sent down another branch (a program of loads, stores
// and adds only: tests/dpor_differential_test.cpp).
void DporStrategy::reverse_races() {
  const bool again = reversed_in_ == execution_ - 1 && reversed_trust_ == trust_state();
  for (FoundRace& r : races_) {
    const bool skip = again && still_covered(r);
    if (skip && !check_skips_) continue;
    const Cover cover = add_race(r.e1, r.e2_event, r.may_differ, r.past_only ? &r.past : nullptr);
    if (!skip) {
      r.cover = cover;
      continue;
    }
    ++skips_checked_;
    if (cover.sleeper == kNoThread && failure_.empty())
      failure_ = "internal error: a race of the replayed prefix taken as covered by a sleeper "
                 "was not (DporStrategy::still_covered), at step " + std::to_string(r.e2);
  }
  reversed_in_ = execution_;
  reversed_trust_ = trust_state();
}

// Whether a race of the replayed prefix that a sleeper covered when the
// last execution ended is covered by it again, without building its
// sequence anew (issue 19: seven in ten reversals of lastzero end at a
// sleeper, and each rebuilt the whole sequence). Its state has not moved
// to another branch since (that would have replayed less than e2), so its
// sleepers are the same, trusted as before; the sequence's events before
// race_from_ are the same events in the same order. What the new events
// can change:
//  - the sleeper's first event in the sequence came before race_from_:
//    it and what precedes it are unchanged; still covered.
//  - it was e2 itself, or the sleeper had no event there: e2, or the
//    sleeper's next event, was independent of every event of the
//    sequence; still covered if the new ones are independent of it too
//    (and, for the second, none is the sleeper's).
bool DporStrategy::still_covered(const FoundRace& r) const {
  // A race found in this execution has no cover yet.
  if (r.cover.sleeper == kNoThread) return false;
  const ThreadId q = r.cover.sleeper;
  const auto in_notdep = [&](int j) {
    return !hb_.happens_before(r.e1, j) && (!r.past_only || hb_.in_past(j, r.past));
  };
  if (r.cover.sleeper_in_notdep) {
    for (int j = r.e1 + 1; j < race_from_; ++j)
      if (seq_[j].thread == q && in_notdep(j)) return true;
    return false;  // its first event there was a new one
  }
  // The same tests as weak_initial's, in the same order.
  const bool covered_by_e2 = q == r.e2_event.thread;
  const SeqEvent& sleeper = stack_[event_node_[r.e1]].asleep[q];
  for (int j = race_from_; j < hb_.size(); ++j) {
    if (!in_notdep(j)) continue;
    if (seq_[j].thread == q) return false;
    if (covered_by_e2 ? seq_dependent(seq_[j], r.e2_event) : seq_dependent(sleeper, seq_[j]))
      return false;
  }
  return true;
}

// Reverses the race of e1 with e2 (a later event of this execution, or a
// live thread's unknown next event): notdep(e1).e2 goes into the wakeup tree of
// the state before e1, unless a thread asleep there is a weak initial of it.
// `may_differ`: reversed, e2 may be another event than the one seen (a
// compare-and-swap or trylock with the other outcome, a read acquisition
// that queues and then wakes, an await that cannot run). Then, as after a
// cut-short execution or for a sleeper that may block, only a sleeper that
// is in the reversal covers it (dpor.hpp). Returns which sleeper covered
// it, if one did.
DporStrategy::Cover DporStrategy::add_race(int e1, const SeqEvent& e2, bool may_differ,
                                           const VectorClock* past) {
  Node& n = stack_[event_node_[e1]];
  v_.clear();
  // e2 itself follows e1 (they race), so the loop leaves it out. With
  // `past` (an await's window, dpor_hb.hpp) only e2's own past goes first:
  // the await is tried in the state just before e1, not after later writes
  // that do not follow e1 but may disable it again.
  ThreadMask in_notdep = 0;  // the threads with events there
  for (int j = e1 + 1; j < hb_.size(); ++j)
    if (!hb_.happens_before(e1, j) && (past == nullptr || hb_.in_past(j, *past))) {
      v_.push_back(seq_[j]);
      in_notdep |= bit(seq_[j].thread);
    }
  v_.push_back(e2);
  for (ThreadMask m = n.sleep; m != 0; m &= m - 1) {
    const ThreadId q = std::countr_zero(m);
    const SeqEvent& sleeper = n.asleep[q];
    const bool trusted = (!may_differ && !cut_seen_ && !await_blocked_seen_ &&
                          !sleeper.may_turn_out_different &&
                          !sleeper.read_not_write) ||
                         ((in_notdep | bit(e2.thread)) & bit(q)) != 0;  // q is in v_
    if (trusted && weak_initial(v_, q, sleeper))
      return Cover{static_cast<std::int8_t>(q), (in_notdep & bit(q)) != 0};
  }
  forest_.insert(n.wut, v_, scratch_);
  return Cover{};
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
  if (k > 0 && k >= race_from_) {  // before race_from_: kept from the last execution
    for (ThreadMask m = newly; m != 0; m &= m - 1) {
      const ThreadId t = std::countr_zero(m);
      const PendingOp& op = view.pending(t);
      if (op.kind == OpKind::rwsem_wake)
        hb_.add_enabler(t, k - 1, op.object);
    }
  }

  if (depth_ < height_) {
    const Node& n = stack_[depth_];
    if (n.is_value || n.enabled != enabled) {
      mismatch("reached a different set of runnable threads");
      return kAbandon;
    }
    record_step(view, static_cast<int>(depth_));
    ++depth_;
    return n.chosen;
  }

  Node& n = push_node();
  n.enabled = enabled;
  n.event = k;
  for (ThreadMask m = view.live() & ~enabled; m != 0; m &= m - 1)
    await_blocked_seen_ |= view.pending(std::countr_zero(m)).kind == OpKind::await;
  n.wut = next_wut_ != WakeupForest::kNone ? next_wut_ : forest_.make();
  next_wut_ = WakeupForest::kNone;
  for (const auto& [value, tree] : next_choices_) forest_.release(tree);  // not a choose()
  next_choices_.clear();
  if (k > 0) {
    // Sleepers stay asleep unless the step just taken depends on them.
    const Node& parent = stack_[event_node_[k - 1]];
    // A branch inserted as a write that ran as a read: sleepers only the
    // write would have woken stay asleep, but are not trusted (dpor.hpp).
    const bool ran_as_read = parent.branch_wrote && !parent.chosen_event.access.write;
    OpAccess expected = parent.chosen_event.access;
    expected.write = true;
    for (ThreadMask m = parent.sleep; m != 0; m &= m - 1) {
      const ThreadId t = std::countr_zero(m);
      if (dependent(parent.asleep[t].access, parent.chosen_event.access)) continue;
      n.sleep |= bit(t);
      SeqEvent& slot = asleep_slot(n, t);
      slot = parent.asleep[t];
      if (ran_as_read && dependent(slot.access, expected)) slot.read_not_write = true;
    }
  }
  if (!take_branch(n)) {
    const ThreadMask awake = enabled & ~n.sleep;
    if (awake == 0) {  // sleep-set blocked: redundant
      pop_node();
      return kAbandon;
    }
    n.chosen = pick_first(awake, view.last_thread());
  }
  record_step(view, static_cast<int>(depth_));
  ++depth_;
  return n.chosen;
}

int DporStrategy::pick_value(const SchedulerView& view, int values) {
  // The choose() event is logged but its value is not yet: it is read with
  // the next pick_thread.
  view_ = &view;
  if (depth_ < height_) {
    const Node& n = stack_[depth_];
    if (!n.is_value || n.values != values) {
      mismatch("reached a different choice");
      return kAbandon;
    }
    ++depth_;
    return n.chosen;
  }
  Node& n = push_node();
  n.is_value = true;
  n.values = values;
  n.first_value = next_value_ >= 0 && next_value_ < values ? next_value_ : 0;
  n.chosen = n.first_value;
  n.event = static_cast<int>(view.step()) - 1;
  next_value_ = -1;
  std::swap(n.choices, next_choices_);
  ++depth_;
  return n.chosen;
}

void DporStrategy::end_execution(ExecutionEnd end) {
  if (view_ == nullptr) return;
  process_events(*view_);
  reverse_races();
  // An await that never ran, disabled when the execution ended (a deadlock,
  // or a sleep-set-blocked state it could not run in): it is tried just
  // before each write of its window, as if it had run last (dpor_hb.hpp).
  // It may have been able to run at an earlier state that no race led to.
  for (ThreadMask m = view_->live() & ~view_->enabled(); m != 0; m &= m - 1) {
    const ThreadId t = std::countr_zero(m);
    if (view_->pending(t).kind != OpKind::await) continue;
    hb_.blocked_await_window(t);
    SeqEvent await;
    await.thread = t;
    await.access.await = true;
    await.tentative = await.may_turn_out_different = true;
    const VectorClock past = hb_.await_base();
    for (const DporHb::Race& r : hb_.await_window()) {
      add_race(r.e1, await, true);
      add_race(r.e1, await, true, &past);
    }
  }
  if (end != ExecutionEnd::violation) return;
  cut_seen_ = true;
  // Cut short: what the live threads would still do is unknown.
  for (ThreadMask m = view_->live(); m != 0; m &= m - 1) {
    const ThreadId t = std::countr_zero(m);
    hb_.end_races(t);
    const SeqEvent next{.thread = t, .unknown = true, .tentative = true};
    for (const DporHb::Race& r : hb_.races()) add_race(r.e1, next, true);
  }
}

// No estimate: the branches still to explore are known only as the races
// that create them are found, so any share computed from the tree so far
// runs ahead (lastzero(15) read ~53% done at 15%). Progress shows the
// counts and the rate instead.
double DporStrategy::fraction_done() const { return -1; }

}  // namespace mmcheck
