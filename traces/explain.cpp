#include "traces/explain.hpp"

#include <algorithm>
#include <map>

namespace mmcheck {

using nlohmann::json;

TraceAccess trace_access(const json& e) {
  const std::string op = e.value("op", "");
  const bool ok = e.value("ok", true);
  if (op == "load" || op == "ref_read" || op == "use") return TraceAccess::read;
  if (op == "cas") return ok ? TraceAccess::write : TraceAccess::read;
  if (op == "store" || op == "rmw" || op == "ref_get" || op == "ref_put" || op == "alloc" ||
      op == "free")
    return TraceAccess::write;
  if (op == "lock" || op == "trylock" || op == "unlock" || op.rfind("down_", 0) == 0 ||
      op.rfind("up_", 0) == 0 || op == "rwsem_wake" || op == "downgrade_write")
    return TraceAccess::sync;
  return TraceAccess::none;
}

namespace {

// Objects that live inside another ("pmd0.entry[1]" inside "pmd0") conflict
// with the allocation itself: a free of pmd0 changes every field of it.
bool same_or_inside(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const auto inside = [](const std::string& field, const std::string& whole) {
    return field.size() > whole.size() && field.compare(0, whole.size(), whole) == 0 &&
           field[whole.size()] == '.';
  };
  return inside(a, b) || inside(b, a);
}

std::string describe(const json& trace, const json& e) {
  return thread_label(trace, e.value("thread", 0)) + "'s " + e.value("op", "") + " " +
         e.value("object", "") + " (step " + std::to_string(e.value("step", -1L)) + ")";
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
  const json& events = trace["events"];
  const long end = static_cast<long>(events.size());
  if (end == 0) return pairs;  // nothing ran: nothing to explain
  int victim = trace["verdict"].value("thread", -1);
  if (victim < 0) {
    // Found after the threads ended: blame the thread of the last event.
    victim = events[end - 1].value("thread", 0);
  }
  const auto conflicting = [](TraceAccess a, TraceAccess b) {
    const bool data = (a == TraceAccess::read || a == TraceAccess::write) &&
                      (b == TraceAccess::read || b == TraceAccess::write);
    return data && (a == TraceAccess::write || b == TraceAccess::write);
  };
  // (a) The violating step itself, against the nearest earlier conflicting
  // access by another thread: the free before the use, the unordered write
  // before the racing read.
  const json& last = events[end - 1];
  if (trace["verdict"].value("thread", -1) == victim && last.value("thread", -1) == victim) {
    const std::string obj = last.value("object", "");
    for (long i = end - 2; i >= 0; --i) {
      const json& other = events[i];
      if (other.value("thread", -1) == victim) continue;
      if (!same_or_inside(other.value("object", ""), obj)) continue;
      if (!conflicting(trace_access(other), trace_access(last))) continue;
      pairs.push_back({i, end - 1, obj,
                       describe(trace, other) + " ran before " + describe(trace, last) +
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
  const auto op_of = [&](const json& e) { return e.value("op", ""); };
  const auto commuting = [&](const json& x, const json& y) {
    const auto update = [&](const json& e) {
      const std::string op = op_of(e);
      return op == "rmw" || op == "ref_get" || op == "ref_put";
    };
    return update(x) && update(y);
  };
  // One pass forward, not a scan back per event (quadratic on long traces):
  // the victim's latest access so far to each object name (`exact`), and to
  // each name or anything inside it (`within`: pmd0 covers pmd0.entry[1]).
  // The victim's last access before j to an object same_or_inside j's is
  // then the latest of within[j's object] and exact[each name it is inside].
  std::map<std::string, long> exact;
  std::map<std::string, long> within;
  const auto enclosing = [](const std::string& name, auto&& visit) {
    for (auto k = name.find('.'); k != std::string::npos; k = name.find('.', k + 1))
      visit(name.substr(0, k));
  };
  std::vector<std::pair<int, ConflictPair>> ranked;  // latest interference first
  for (long j = 0; j < end; ++j) {
    const json& other = events[j];
    const std::string obj_b = other.value("object", "");
    if (other.value("thread", -1) == victim) {
      exact[obj_b] = j;
      within[obj_b] = j;
      enclosing(obj_b, [&](const std::string& outer) { within[outer] = j; });
      continue;
    }
    long i = -1;
    if (auto it = within.find(obj_b); it != within.end()) i = it->second;
    enclosing(obj_b, [&](const std::string& outer) {
      if (auto it = exact.find(outer); it != exact.end()) i = std::max(i, it->second);
    });
    if (i < 0) continue;
    const json& mine = events[i];  // only the victim's last access before the interference
    const TraceAccess a = trace_access(mine);
    const TraceAccess b = trace_access(other);
    if (conflicting(a, b) && !commuting(mine, other)) {
      const int rank = (a == TraceAccess::read) ? 0 : (b == TraceAccess::read ? 1 : 2);
      ranked.push_back({rank, ConflictPair{i, j, obj_b,
                                           describe(trace, other) + " came between " +
                                               describe(trace, mine) +
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
  std::vector<DependencyEdge> edges;
  std::map<int, long> last_of_thread;
  // Per object and thread: its last access, and its last that was not a
  // read. The nearest earlier conflicting access by another thread is the
  // latest of these over the other threads (a read conflicts with anything
  // but a read), found without rescanning the object's history.
  struct Latest {
    long any = -1;
    long not_read = -1;
  };
  std::map<std::string, std::map<int, Latest>> latest;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const json& e = events[i];
    const long step = static_cast<long>(i);
    const int t = e.value("thread", -1);
    if (auto it = last_of_thread.find(t); it != last_of_thread.end())
      edges.push_back({it->second, step, true});
    last_of_thread[t] = step;
    const TraceAccess a = trace_access(e);
    if (a == TraceAccess::none || !e.contains("object") || !e["object"].is_string()) continue;
    const std::string& object = e["object"].get_ref<const std::string&>();
    std::map<int, Latest>& by_thread = latest[object];
    long nearest = -1;
    for (const auto& [other, l] : by_thread)
      if (other != t) nearest = std::max(nearest, a == TraceAccess::read ? l.not_read : l.any);
    if (nearest >= 0) edges.push_back({nearest, step, false, object});
    Latest& mine = by_thread[t];
    mine.any = step;
    if (a != TraceAccess::read) mine.not_read = step;
  }
  return edges;
}

}  // namespace mmcheck
