#include "trace_recorder.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <map>
#include <utility>

#include "checker/core/access.hpp"

namespace mmcheck::testing {
namespace {

template <class T>
void put(std::string& s, T v) {
  s.append(reinterpret_cast<const char*>(&v), sizeof v);
}

}  // namespace

bool TraceRecorder::begin_execution() {
  view_ = nullptr;
  hb_.reset();
  processed_ = 0;
  prev_enabled_ = 0;
  return inner_.begin_execution();
}

// Feeds the events logged since the last call to the happens-before, the
// way DporStrategy does (a choose() value is final once its step ended).
void TraceRecorder::catch_up(const SchedulerView& view) {
  const auto events = view.events();
  for (; processed_ < events.size(); ++processed_) {
    const Event& e = events[processed_];
    hb_.add(e, classify(e), false);
  }
}

ThreadId TraceRecorder::pick_thread(const SchedulerView& view) {
  view_ = &view;
  catch_up(view);
  const long k = view.step();
  const ThreadMask enabled = view.enabled();
  const ThreadMask newly = enabled & ~prev_enabled_;
  prev_enabled_ = enabled;
  if (k > 0) {
    for (ThreadMask m = newly; m != 0; m &= m - 1) {
      const ThreadId t = std::countr_zero(m);
      const PendingOp& op = view.pending(t);
      if (op.kind == OpKind::rwsem_wake)
        hb_.add_enabler(t, static_cast<int>(k - 1), op.object);
    }
  }
  return inner_.pick_thread(view);
}

// Allocations from a pool (the model's page-table pages, huge pages) take
// the first free slot, a choice made without a visible step: two threads
// allocating in either order get each other's slots, and behave the same.
// So an allocated object is named by who allocated it and how many
// allocations that thread had made before (with its offset from its
// allocation, for the objects inside it), and values (which carry slot
// numbers) are left out: happens-before already fixes what each read saw.
// A choose() value is kept: nothing before it decides it.
std::string TraceRecorder::trace_key(const SchedulerView& view) const {
  const auto events = view.events();
  std::map<ObjectId, std::pair<ThreadId, int>> allocated;
  std::array<int, kMaxThreads> rank{};
  for (const Event& e : events)
    if (e.kind == OpKind::alloc) allocated[e.object] = {e.thread, rank[e.thread]++};
  const auto name = [&](std::size_t k) -> std::uint64_t {
    const ObjectId o = events[k].object;
    if (o == kNoObject) return ~std::uint64_t{0};
    const ObjectId owner = events[k].owner;
    for (const ObjectId base : {o, owner}) {
      const auto it = allocated.find(base);
      if (it == allocated.end()) continue;
      const auto [thread, n] = it->second;
      return std::uint64_t{1} << 63 | std::uint64_t(thread) << 48 | std::uint64_t(n) << 24 |
             static_cast<std::uint32_t>(o - base);
    }
    return view.object_key(o);
  };
  std::string key;
  for (ThreadId t = 0; t < view.thread_count(); ++t) {
    for (std::size_t k = 0; k < events.size(); ++k) {
      const Event& e = events[k];
      if (e.thread != t) continue;
      put(key, t);
      put(key, e.kind);
      put(key, e.ok);
      put(key, name(k));
      if (e.kind == OpKind::choose) put(key, e.value);  // not a read: hb does not fix it
      const VectorClock& c = hb_.clock(static_cast<int>(k));
      for (ThreadId u = 0; u < kMaxThreads; ++u) put(key, c[u]);
    }
  }
  return key;
}

std::string TraceRecorder::describe(const SchedulerView& view) {
  std::string s;
  for (const Event& e : view.events()) {
    s += " " + view.thread_name(e.thread) + ":" + std::string(to_string(e.kind));
    if (e.object != kNoObject) {
      // Objects made by threads are named by maker and rank: ids depend on
      // the interleaving.
      const std::uint64_t key = view.object_key(e.object);
      const auto maker = static_cast<ThreadId>(key >> 32);
      s += maker < kMaxThreads ? "(" + view.thread_name(maker) + "#" +
                                     std::to_string(key & 0xffffffffu) + ")"
                               : "(" + std::to_string(e.object) + ")";
    }
    if (has_value(e.kind)) s += "=" + std::to_string(e.value);
    if (has_value2(e.kind)) s += "/" + std::to_string(e.value2);
    if (!e.ok) s += "!";
  }
  return s;
}

void TraceRecorder::end_execution(ExecutionEnd end) {
  if (view_ != nullptr) {
    catch_up(*view_);
    if (on_execution) on_execution(view_->events(), hb_);
    if (end == ExecutionEnd::completed) {
      std::string key = trace_key(*view_);
      if (traces_.insert(key).second) {
        described_.emplace(std::move(key), describe(*view_));
      } else {
        ++repeats_;
      }
    }
  }
  inner_.end_execution(end);
}

}  // namespace mmcheck::testing
