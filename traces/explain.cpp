#include "traces/explain.hpp"

#include <algorithm>
#include <map>

#include "checker/core/access.hpp"
#include "checker/core/dependence.hpp"
#include "checker/core/op_table.hpp"
#include "traces/trace_events.hpp"

namespace mmcheck {

using nlohmann::json;

namespace {

// An access the explanation weighs: a read or write of data, not a lock
// operation (lock orders are the lock_order report's business) and not an
// await (it reads everything).
bool data_access(const Event& e, const OpAccess& a) {
  return a.object != kNoObject && !a.await && op_info(e.kind).lock == LockEffect::none;
}

bool conflicting(const Event& x, const Event& y) {
  const OpAccess a = classify(x), b = classify(y);
  return data_access(x, a) && data_access(y, b) && dependent(a, b);
}

std::string describe(const json& trace, const TraceEvents& t, const Event& e) {
  return thread_label(trace, e.thread) + "'s " + std::string(to_string(e.kind)) + " " +
         t.name(e.object) + " (step " + std::to_string(e.step) + ")";
}

}  // namespace

std::string thread_label(const json& trace, int thread) {
  if (trace.contains("threads") && thread >= 0 &&
      thread < static_cast<int>(trace["threads"].size()))
    return trace["threads"][thread].value("name", std::to_string(thread));
  return "thread " + std::to_string(thread);
}

std::vector<ConflictPair> explain_violation(const json& trace, std::size_t limit) {
  std::vector<ConflictPair> pairs;
  if (!trace.contains("verdict") || !trace["verdict"].is_object()) return pairs;
  const TraceEvents t = parse_events(trace["events"]);
  const std::vector<Event>& events = t.events;
  const long end = static_cast<long>(events.size());
  if (end == 0) return pairs;  // nothing ran: nothing to explain
  int victim = trace["verdict"].value("thread", -1);
  if (victim < 0) {
    // Found after the threads ended: blame the thread of the last event.
    victim = events[end - 1].thread;
  }
  // (a) The violating step itself, against the nearest earlier conflicting
  // access by another thread: the free before the use, the unordered write
  // before the racing read.
  const Event& last = events[end - 1];
  if (trace["verdict"].value("thread", -1) == victim && last.thread == victim) {
    for (long i = end - 2; i >= 0; --i) {
      const Event& other = events[i];
      if (other.thread == victim || !conflicting(other, last)) continue;
      pairs.push_back({i, end - 1, t.name(last.object),
                       describe(trace, t, other) + " ran before " + describe(trace, t, last) +
                           ", the violating step"});
      break;
    }
  }
  // (b) Stale views: the victim accessed an object, another thread then
  // changed it (or read what the victim was about to change), and the victim
  // went on as if nothing had happened. A stale read ranks first (the victim
  // acted on a value that was no longer true), then a read of what the
  // victim wrote, then overwrites; two commuting updates (read-modify-writes,
  // refcount gets and puts) explain nothing and are left out. Within a rank,
  // the latest interference first.
  const auto commuting = [](const Event& x, const Event& y) {
    return op_info(x.kind).commutative_update && op_info(y.kind).commutative_update;
  };
  // One pass forward, not a scan back per event (quadratic on long traces):
  // the victim's latest access so far to each object (`exact`), and to each
  // object or anything living in it (`within`: pmd0 covers pmd0.entry[1]).
  // The victim's last access before j that j may conflict with is then the
  // latest of within[j's object] and exact[j's owner].
  std::map<ObjectId, long> exact;
  std::map<ObjectId, long> within;
  std::vector<std::pair<int, ConflictPair>> ranked;  // latest interference first
  for (long j = 0; j < end; ++j) {
    const Event& other = events[j];
    if (other.object == kNoObject) continue;
    if (other.thread == victim) {
      exact[other.object] = j;
      within[other.object] = j;
      if (other.owner != kNoObject) within[other.owner] = j;
      continue;
    }
    long i = -1;
    if (auto it = within.find(other.object); it != within.end()) i = it->second;
    if (auto it = exact.find(other.owner); other.owner != kNoObject && it != exact.end())
      i = std::max(i, it->second);
    if (i < 0) continue;
    const Event& mine = events[i];  // only the victim's last access before the interference
    if (conflicting(mine, other) && !commuting(mine, other)) {
      const bool mine_reads = !classify(mine).write, other_reads = !classify(other).write;
      const int rank = mine_reads ? 0 : (other_reads ? 1 : 2);
      ranked.push_back({rank, ConflictPair{i, j, t.name(other.object),
                                           describe(trace, t, other) + " came between " +
                                               describe(trace, t, mine) +
                                               " and the violation: run the other way round, " +
                                               thread_label(trace, victim) +
                                               " would have seen it"}});
    }
  }
  std::reverse(ranked.begin(), ranked.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& [rank, p] : ranked) pairs.push_back(std::move(p));
  if (pairs.size() > limit) pairs.resize(limit);
  return pairs;
}

// Steps are positions in `events` (read_trace checks that they are), so an
// edge names events by position and never indexes with a value from the file.
std::vector<DependencyEdge> dependency_edges(const json& events) {
  const TraceEvents t = parse_events(events);
  std::vector<DependencyEdge> edges;
  for (const HappensBeforeEdge& e : happens_before_edges(t.events))
    edges.push_back({e.from, e.to, e.why == HappensBeforeEdge::Why::program_order,
                     t.name(e.object)});
  return edges;
}

}  // namespace mmcheck
