// Lock-order checking in the manner of the kernel's lockdep
// (kernel/locking/lockdep.c): every lock belongs to a class (its role: every
// mm's page_table_lock is one class), each acquisition of B while holding A
// adds the dependency A -> B, and the graph is kept across all executions of
// an exploration with the first witness of every edge. A new edge that closes
// a cycle is a possible deadlock, reported as a `lock_order` violation even
// when no explored execution actually deadlocked.
//
// Reads: rw_semaphore readers wait behind a queued writer, so lockdep counts
// down_read like an exclusive acquisition in a cycle. The one exception kept
// here: a cycle whose only link through some class is read-held and
// read-requested cannot deadlock if no writer of that class was ever seen
// (nobody can wait between the two readers).
// Trylocks never wait, so they add no dependency of their own (but a lock
// taken by trylock is held for later acquisitions), as in lockdep.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "checker/core/ids.hpp"
#include "checker/core/source_loc.hpp"
#include "checker/core/violation.hpp"

namespace mmcheck {

class Object;

struct LockCycleReport {
  std::string message;  // lockdep's layout
  std::vector<LockWitness> chain;  // the existing chain, then the new edge
};

class LockDep {
 public:
  // The class of a lock named like "pmd0.ptl" or "fault_mutex[3]": indices
  // are dropped ("pmd.ptl", "fault_mutex[]").
  static std::string class_name(const std::string& lock_name);

  void begin_execution(long execution);
  // `thread_name` and the step are used only when a new edge is recorded.
  std::optional<LockCycleReport> acquire(ThreadId t, const std::string& thread_name,
                                         const Object& lock, bool read, bool trylock, long step,
                                         const SourceLoc& loc);
  void release(ThreadId t, const Object& lock);
  // Replay: puts back the dependencies a recorded lock_order report relied on.
  void preload(const LockWitness& w);
  void downgrade(ThreadId t, const Object& lock);

  std::size_t classes() const { return classes_.size(); }
  std::size_t edges() const { return edge_count_; }

 private:
  struct Edge {
    int to = -1;
    bool from_read = false;  // the outer lock was held for read
    bool to_read = false;    // the inner lock was requested for read
    LockWitness witness;
  };
  int class_id(const std::string& cls);
  struct ClassInfo {
    std::string name;
    bool ever_written = false;
    std::vector<Edge> out;
  };
  struct Held {
    const Object* lock = nullptr;
    int cls = -1;
    bool read = false;
    long step = -1;
    SourceLoc loc;
  };
  static constexpr int kMaxHeld = 24;
  struct HeldStack {
    std::array<Held, kMaxHeld> locks;
    int n = 0;
  };

  int class_of(const Object& lock);
  const Edge* find_edge(int from, int to) const;
  // A path from `from` to `to` in the graph, as edges, or empty.
  std::vector<const Edge*> path(int from, int to) const;
  bool cycle_can_deadlock(const std::vector<const Edge*>& cycle) const;
  // `stack`: the locks the acquiring thread holds.
  LockCycleReport report(const Held& held, const Edge& new_edge,
                         const std::vector<const Edge*>& existing, int from,
                         const HeldStack& stack) const;

  std::vector<ClassInfo> classes_;
  std::unordered_map<std::string, int> class_ids_;
  std::unordered_map<std::string, int> name_class_;      // lock name -> class
  std::unordered_map<const Object*, int> object_class_;  // per execution
  std::array<HeldStack, kMaxThreads> held_{};
  std::size_t edge_count_ = 0;
  long execution_ = 0;
};

}  // namespace mmcheck
