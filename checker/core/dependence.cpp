#include "checker/core/dependence.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "checker/core/access.hpp"

namespace mmcheck {
namespace {

using PerThread = std::array<long, kMaxThreads>;
constexpr PerThread kNone = [] {
  PerThread a{};
  a.fill(-1);
  return a;
}();

// What each thread last did to one object.
struct ObjectHistory {
  PerThread access = kNone;  // its latest access
  PerThread write = kNone;   // its latest write
  PerThread owned = kNone;   // its latest access to an object living in this one
  long last_write = -1;      // over all threads, for the wake rule
  std::vector<long> reads;   // since last_write
};

struct Candidate {
  long step = -1;
  ObjectId object = kNoObject;
  void offer(long s, ObjectId o) {
    if (s > step) {
      step = s;
      object = o;
    }
  }
};

}  // namespace

std::vector<HappensBeforeEdge> happens_before_edges(std::span<const Event> events) {
  using Why = HappensBeforeEdge::Why;
  std::vector<HappensBeforeEdge> edges;
  std::map<ObjectId, ObjectHistory> objects;
  PerThread last_of_thread = kNone, write_any = kNone, await_of = kNone, spawned_at = kNone;
  // Granting step -> the wakes it granted, so the semaphore's state can be
  // taken right after that step, as DporHb sees it.
  std::multimap<long, long> wakes_granted_at;
  for (const Event& e : events)
    if (e.kind == OpKind::rwsem_wake && e.value >= 0 && e.value < e.step)
      wakes_granted_at.emplace(e.value, e.step);
  std::map<long, std::vector<long>> wake_sources;  // wake step -> the releases it follows

  for (const Event& e : events) {
    const long j = e.step;
    const ThreadId p = e.thread;
    if (p < 0 || p >= kMaxThreads) continue;
    if (last_of_thread[p] >= 0) {
      edges.push_back({last_of_thread[p], j, Why::program_order});
    } else if (spawned_at[p] >= 0) {
      edges.push_back({spawned_at[p], j, Why::spawn});
    }
    if (e.kind == OpKind::join && e.value >= 0 && e.value < kMaxThreads &&
        last_of_thread[e.value] >= 0)
      edges.push_back({last_of_thread[e.value], j, Why::join});
    if (auto w = wake_sources.find(j); w != wake_sources.end())
      for (long s : w->second) edges.push_back({s, j, Why::wake});

    const OpAccess a = classify(e);
    ObjectHistory* const touched = a.object != kNoObject ? &objects[a.object] : nullptr;
    ObjectHistory* const owner = a.owner != kNoObject ? &objects[a.owner] : nullptr;
    for (ThreadId u = 0; u < kMaxThreads; ++u) {
      if (u == p) continue;
      Candidate c;
      if (a.await) c.offer(write_any[u], kNoObject);
      if (touched != nullptr) {
        c.offer(a.write ? touched->access[u] : touched->write[u], a.object);
        if (a.writes()) {
          c.offer(touched->owned[u], a.object);
          c.offer(await_of[u], a.object);
        }
      }
      if (owner != nullptr) c.offer(owner->write[u], a.owner);
      if (c.step >= 0) edges.push_back({c.step, j, Why::conflict, c.object});
    }

    last_of_thread[p] = j;
    if (e.kind == OpKind::spawn && e.value >= 0 && e.value < kMaxThreads) spawned_at[e.value] = j;
    if (a.await) await_of[p] = j;
    if (touched != nullptr) {
      ObjectHistory& h = *touched;
      h.access[p] = j;
      if (a.write) {
        h.write[p] = j;
        write_any[p] = j;
        h.last_write = j;
        h.reads.clear();
      } else {
        h.reads.push_back(j);
      }
    }
    if (owner != nullptr) {
      owner->owned[p] = j;
      owner->reads.push_back(j);
    }
    const auto [from, to] = wakes_granted_at.equal_range(j);
    for (auto it = from; it != to; ++it) {
      std::vector<long>& sources = wake_sources[it->second];
      sources.push_back(j);
      const ObjectId sem = events[static_cast<std::size_t>(it->second)].object;
      if (sem == kNoObject) continue;
      const ObjectHistory& h = objects[sem];
      if (h.last_write >= 0) sources.push_back(h.last_write);
      sources.insert(sources.end(), h.reads.begin(), h.reads.end());
    }
  }
  // One edge per ordered pair is enough for every reader; sources of a
  // wake may repeat a conflict edge.
  std::stable_sort(edges.begin(), edges.end(), [](const HappensBeforeEdge& x, const HappensBeforeEdge& y) {
    return x.to != y.to ? x.to < y.to : x.from < y.from;
  });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const HappensBeforeEdge& x, const HappensBeforeEdge& y) {
                            return x.from == y.from && x.to == y.to;
                          }),
              edges.end());
  return edges;
}

}  // namespace mmcheck
