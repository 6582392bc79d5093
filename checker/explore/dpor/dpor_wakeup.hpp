// Wakeup trees for Optimal-DPOR: at each state, the sequences of events
// still to explore from it, ordered, each one reversing a race found
// earlier. Following a whole sequence, not only its first thread as
// Source-DPOR does, is what keeps an exploration from walking into a state
// where every enabled thread sleeps.
//
//   P. Abdulla, S. Aronis, B. Jonsson, K. Sagonas. "Source Sets: A
//   Foundation for Optimal Dynamic Partial Order Reduction". JACM 64(4),
//   2017 (section 6: wakeup trees, weak initials, insert).
//
// A choose() is an event of its thread whose value is part of it: branches
// that differ only in the value a choose() takes are siblings, and the
// state that follows the first of them hands the others to the choose().
// v goes into the first branch whose thread is a weak initial of it, even
// when that branch's event is tentative (below): passing it over would put
// v in a later branch explored while that thread sleeps, and a thread
// asleep there that could start v stops v from being explored
// (docs/dpor-soundness.md). One thread can still start several branches (other
// choose() values); the state takes them together.
//
// A sequence is made of events taken from executions already run, so what
// each event touches is known. Where we cannot be exact we are
// conservative: an event taken as depending on more than it does only makes
// weak initials fewer, which inserts more and never drops a sequence that
// a sleeping thread or an existing branch does not cover.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "checker/core/access.hpp"
#include "checker/core/chunked_store.hpp"
#include "checker/core/ids.hpp"

namespace mmcheck {

class StateReader;
class StateWriter;

// One event of a sequence, with what decides its dependencies. Every
// event of an execution has one, and so do the states' sleepers; wakeup
// trees keep each distinct one once (WakeupForest). The rare fields are
// small and the flags are bits, 28 bytes in all.
struct SeqEvent {
  ThreadId thread = kNoThread;
  OpAccess access;               // as access.hpp classifies it
  ObjectId woken_on = kNoObject; // rwsem_wake: the semaphore that granted it
  int value = -1;                // choose: the value it took
  std::int8_t spawned = kNoThread;  // spawn: the child, whose events follow it
  std::int8_t joined = kNoThread;   // join: the thread whose events precede it
  bool unknown : 1 = false;  // a live thread's next event after a cut-short execution
  // Reversed, it may be disabled: an await whose predicate the other side
  // of the race made true, or a live thread's unknown next event. Such an
  // event covers nothing when others are inserted.
  bool tentative : 1 = false;
  bool may_turn_out_different : 1 = false;  // see as_seq_event in dpor.cpp
  // A sleeper whose place among the branches was decided against a write
  // that ran as a read: its own branch's event, or the event that would
  // otherwise have woken it (dpor.cpp).
  bool read_not_write : 1 = false;
  // Nothing but a read or write of access.object (no owner, await, spawn,
  // join, wake-up or unknown): two such events need one comparison. Set by
  // as_seq_event; false is always safe.
  bool plain : 1 = false;

  bool operator==(const SeqEvent&) const = default;
};
static_assert(kMaxThreads <= 127, "SeqEvent keeps a thread in a signed byte");
static_assert(sizeof(SeqEvent) <= 28, "an execution keeps one per event (issue 19)");

// Whether two events of different threads cannot trade places.
inline bool seq_dependent(const SeqEvent& a, const SeqEvent& b) {
  if (a.plain && b.plain)
    return a.access.object == b.access.object && (a.access.write || b.access.write);
  if (a.unknown || b.unknown) return true;
  // A child cannot run before its spawn, nor a join before the joined
  // thread's events; either order of the pair is taken as dependent.
  if (a.spawned == b.thread || b.spawned == a.thread) return true;
  if (a.joined == b.thread || b.joined == a.thread) return true;
  // A wake-up is ordered after the release that granted it by a
  // happens-before edge, not by dependency; inside a sequence it is taken
  // as a write of its semaphore, which keeps that order.
  if (a.woken_on != kNoObject && a.woken_on == b.access.object) return true;
  if (b.woken_on != kNoObject && b.woken_on == a.access.object) return true;
  return dependent(a.access, b.access);
}

// Whether thread q, whose next event is `next`, is a weak initial of v:
// its first event in v depends on nothing before it in v, or it has no
// event in v and `next` depends on none of v's events.
bool weak_initial(std::span<const SeqEvent> v, ThreadId q, const SeqEvent& next);

// The wakeup trees of every state on the exploration's path, in one pool.
// A state's tree is a node whose children start its branches; the state
// that follows a branch takes that child as its own root, so following a
// sequence copies nothing. Nodes are recycled when their state is done.
// A node names its event by number: the trees hold the same few events of
// the program over and over (lastzero(14): 341,124 nodes at the peak), so
// each distinct event is kept once and a node is 12 bytes, not 40.
class WakeupForest {
 public:
  using Ref = int;
  static constexpr Ref kNone = -1;

  Ref make();            // a new, empty tree
  void release(Ref r);   // frees r and everything below it
  const SeqEvent* first(Ref r) const;  // the first branch's first event
  const SeqEvent& event(Ref r) const { return events_[nodes_[r].event]; }

  // Adds v below r as a new last branch unless an existing branch already
  // covers it (JACM 2017, definition 6.2). Uses `scratch` for the working
  // copy.
  void insert(Ref r, std::span<const SeqEvent> v, std::vector<SeqEvent>& scratch);
  // Unlinks and returns r's first child that starts with thread q, or kNone.
  Ref pop_thread(Ref r, ThreadId q);
  // How many branches start below r.
  int branches(Ref r) const;
  // The choose() value of r's first branch of thread q that has one, or -1.
  int first_value_of(Ref r, ThreadId q) const;
  // Appends b's branches to a's, and frees b.
  void merge(Ref a, Ref b);

  std::size_t nodes_in_use() const { return nodes_.size() - free_count_; }
  std::size_t distinct_events() const { return events_.size(); }

  // Checkpoints (dpor_checkpoint.cpp): r and everything below it, in order;
  // restore builds the same tree anew and returns its root.
  void save(Ref r, StateWriter& w) const;
  Ref restore(StateReader& r);

 private:
  struct Node {
    std::int32_t event = 0;  // in events_; a root's is the default SeqEvent's
    Ref first_child = kNone;
    Ref next_sibling = kNone;  // also links the free list
  };
  static_assert(sizeof(Node) == 12, "a wakeup-tree node (issue 19)");
  struct EventHash {
    std::size_t operator()(const SeqEvent& e) const;
  };
  // Adds e as parent's last child; `last` is its last child now, or kNone.
  Ref add_child(Ref parent, Ref last, const SeqEvent& e);
  Ref last_child(Ref r) const;  // kNone for a leaf
  std::int32_t number(const SeqEvent& e);  // e's place in events_, added if new

  ChunkedStore<Node> nodes_;  // grows without moving: its peak is the exploration's
  std::vector<SeqEvent> events_{SeqEvent{}};  // each distinct event once
  std::unordered_map<SeqEvent, std::int32_t, EventHash> numbers_{{SeqEvent{}, 0}};
  Ref free_ = kNone;
  std::size_t free_count_ = 0;
};

}  // namespace mmcheck
