// DporStrategy's checkpoint (checkpoint.hpp): the states on the path, each
// with its sleep set, what its sleepers do next and its wakeup tree. What
// the strategy knows about the events of the replayed prefix (happens-
// before, races, owners) is rebuilt by the first execution after the
// restore, which takes every event as new (keep_prefix): each race of the
// prefix is found from the same events as when it was first found.
#include <bit>
#include <limits>
#include <utility>
#include <vector>

#include "checker/engine/checkpoint.hpp"
#include "checker/explore/dpor/dpor.hpp"

namespace mmcheck {
namespace {

constexpr std::int64_t kAllThreads = (std::int64_t{1} << kMaxThreads) - 1;
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();

// An event's flags, one bit each.
constexpr std::int64_t kWrite = 1;
constexpr std::int64_t kAwait = 2;
constexpr std::int64_t kUnknown = 4;
constexpr std::int64_t kTentative = 8;
constexpr std::int64_t kMayDiffer = 16;
constexpr std::int64_t kReadNotWrite = 32;
constexpr std::int64_t kPlain = 64;

void save_event(const SeqEvent& e, StateWriter& w) {
  w.put(e.thread);
  w.put(e.access.object);
  w.put(e.access.owner);
  w.put(e.woken_on);
  w.put(e.spawned);
  w.put(e.joined);
  w.put(e.value);
  w.put((e.access.write ? kWrite : 0) | (e.access.await ? kAwait : 0) |
        (e.unknown ? kUnknown : 0) | (e.tentative ? kTentative : 0) |
        (e.may_turn_out_different ? kMayDiffer : 0) | (e.read_not_write ? kReadNotWrite : 0) |
        (e.plain ? kPlain : 0));
}

SeqEvent restore_event(StateReader& r) {
  SeqEvent e;
  e.thread = static_cast<ThreadId>(r.get(kNoThread, kMaxThreads - 1, "an event's thread"));
  e.access.object = static_cast<ObjectId>(r.get(kNoObject, kIntMax, "an event's object"));
  e.access.owner = static_cast<ObjectId>(r.get(kNoObject, kIntMax, "an event's owner"));
  e.woken_on = static_cast<ObjectId>(r.get(kNoObject, kIntMax, "an event's semaphore"));
  e.spawned = static_cast<std::int8_t>(r.get(kNoThread, kMaxThreads - 1, "an event's child"));
  e.joined =
      static_cast<std::int8_t>(r.get(kNoThread, kMaxThreads - 1, "an event's joined thread"));
  e.value = static_cast<int>(r.get(-1, kIntMax, "an event's value"));
  const std::int64_t f = r.get(0, 127, "an event's flags");
  e.access.write = (f & kWrite) != 0;
  e.access.await = (f & kAwait) != 0;
  e.unknown = (f & kUnknown) != 0;
  e.tentative = (f & kTentative) != 0;
  e.may_turn_out_different = (f & kMayDiffer) != 0;
  e.read_not_write = (f & kReadNotWrite) != 0;
  e.plain = (f & kPlain) != 0;
  return e;
}

}  // namespace

// A tree is its root's event, its child count, then each child's tree;
// kNone is a lone -1.
void WakeupForest::save(Ref r, StateWriter& w) const {
  if (r == kNone) {
    w.put(-1);
    return;
  }
  int children = 0;
  for (Ref c = nodes_[r].first_child; c != kNone; c = nodes_[c].next_sibling) ++children;
  w.put(children);
  save_event(event(r), w);
  for (Ref c = nodes_[r].first_child; c != kNone; c = nodes_[c].next_sibling) save(c, w);
}

WakeupForest::Ref WakeupForest::restore(StateReader& r) {
  const std::int64_t children = r.get(-1, kIntMax, "a wakeup tree's branch count");
  if (children < 0) return kNone;
  const Ref root = make();
  nodes_[root].event = number(restore_event(r));
  // Below the root, each node is made in place as its parent's last child.
  struct Open {
    Ref node;
    std::int64_t children_left;
    Ref last = kNone;  // its last child made so far
  };
  std::vector<Open> open{{root, children}};
  while (!open.empty()) {
    if (open.back().children_left-- == 0) {
      open.pop_back();
      continue;
    }
    Open& parent = open.back();
    const std::int64_t count = r.get(0, kIntMax, "a wakeup-tree branch's count");
    parent.last = add_child(parent.node, parent.last, restore_event(r));
    open.push_back({parent.last, count});
  }
  return root;
}

void DporStrategy::save_state(StateWriter& w) const {
  w.put_bool(started_);
  w.put_bool(cut_seen_);
  w.put_bool(await_blocked_seen_);
  w.put(divergences_);
  w.put(static_cast<std::int64_t>(height_));
  for (std::size_t i = 0; i < height_; ++i) {
    const Node& n = stack_[i];
    w.put_bool(n.is_value);
    w.put(n.values);
    w.put(n.first_value);
    w.put(n.tried);
    w.put(n.explored);
    w.put(n.chosen);
    w.put(n.event);
    w.put(n.enabled);
    w.put(n.sleep);
    w.put_bool(n.branch_wrote);
    save_event(n.chosen_event, w);
    for (ThreadMask m = n.sleep; m != 0; m &= m - 1) save_event(n.asleep[std::countr_zero(m)], w);
    forest_.save(n.wut, w);
    w.put(static_cast<std::int64_t>(n.choices.size()));
    for (const auto& [value, tree] : n.choices) {
      w.put(value);
      forest_.save(tree, w);
    }
  }
}

void DporStrategy::restore_state(StateReader& r) {
  started_ = r.get_bool("the started flag");
  cut_seen_ = r.get_bool("the cut flag");
  await_blocked_seen_ = r.get_bool("the blocked-await flag");
  divergences_ = static_cast<long>(r.get(0, std::numeric_limits<long>::max(), "the divergences"));
  const std::int64_t height = r.get(0, kIntMax, "the path's length");
  while (height_ > 0) pop_node();
  int last_event = -1;
  for (std::int64_t i = 0; i < height; ++i) {
    Node& n = push_node();
    n.is_value = r.get_bool("a state's kind");
    n.values = static_cast<int>(r.get(0, kIntMax, "a state's value count"));
    n.first_value = static_cast<int>(r.get(0, std::max(0, n.values - 1), "a state's first value"));
    n.tried = static_cast<int>(r.get(0, std::max(0, n.values - 1), "a state's tried values"));
    n.explored = static_cast<int>(r.get(0, kIntMax, "a state's explored branches"));
    n.chosen = static_cast<int>(r.get(
        0, n.is_value ? std::max(0, n.values - 1) : kMaxThreads - 1, "a state's choice"));
    // Thread states decide events in order; a choose() state shares the
    // event of the thread state before it.
    n.event = static_cast<int>(r.get(std::max(0, last_event), kIntMax, "a state's event"));
    last_event = n.event;
    n.enabled = static_cast<ThreadMask>(r.get(0, kAllThreads, "a state's runnable threads"));
    n.sleep = static_cast<ThreadMask>(r.get(0, kAllThreads, "a state's sleep set"));
    n.branch_wrote = r.get_bool("a state's branch flag");
    n.chosen_event = restore_event(r);
    n.asleep.clear();
    for (ThreadMask m = n.sleep; m != 0; m &= m - 1)
      asleep_slot(n, std::countr_zero(m)) = restore_event(r);
    n.wut = forest_.restore(r);
    const std::int64_t choices = r.get(0, kIntMax, "a state's choice branches");
    for (std::int64_t c = 0; c < choices; ++c) {
      const int value = static_cast<int>(r.get(0, kIntMax, "a choice branch's value"));
      n.choices.emplace_back(value, forest_.restore(r));
    }
  }
  r.expect_end();
  restored_ = true;
}

}  // namespace mmcheck
