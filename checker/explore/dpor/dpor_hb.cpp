#include "checker/explore/dpor/dpor_hb.hpp"

#include <algorithm>

namespace mmcheck {

void DporHb::reset() {
  info_.clear();
  clock_.clear();
  for (ObjectState& o : objects_) {
    o.last_write = -1;
    o.last_acquire = -1;
    o.reads.clear();
  }
  awaits_.clear();
  for (VectorClock& c : thread_clock_) c.clear();
  races_.clear();
  undo_.clear();
  marks_.assign(1, 0);
  saved_clocks_.clear();
  saved_reads_.clear();
}

void DporHb::save_thread_clock(ThreadId t) {
  undo_.push_back(Undo{Undo::thread_clock, t, static_cast<int>(saved_clocks_.size())});
  saved_clocks_.push_back(thread_clock_[t]);
}

void DporHb::undo(const Undo& u) {
  switch (u.kind) {
    case Undo::thread_clock:
      thread_clock_[u.who] = saved_clocks_[u.old];
      saved_clocks_.resize(u.old);
      break;
    case Undo::last_write:
      objects_[u.who].last_write = u.old;
      break;
    case Undo::last_acquire:
      objects_[u.who].last_acquire = u.old;
      break;
    case Undo::read_added:
      objects_[u.who].reads.pop_back();
      break;
    case Undo::reads_cleared:
      objects_[u.who].reads.assign(saved_reads_.begin() + u.old,
                                   saved_reads_.begin() + u.old + u.count);
      saved_reads_.resize(u.old);
      break;
    case Undo::await_added:
      awaits_.pop_back();
      break;
  }
}

void DporHb::truncate(int k) {
  const std::size_t keep = marks_[k];
  while (undo_.size() > keep) {
    undo(undo_.back());
    undo_.pop_back();
  }
  info_.resize(k);
  clock_.resize(k);
  marks_.resize(k + 1);
  races_.clear();
}

void DporHb::add_enabler(ThreadId t, int k, ObjectId sem) {
  save_thread_clock(t);
  VectorClock& c = thread_clock_[t];
  c.join(clock_[k]);
  if (sem == kNoObject) return;
  const ObjectState& o = object(sem);
  if (o.last_write >= 0) c.join(clock_[o.last_write]);
  for (int r : o.reads) c.join(clock_[r]);
}

DporHb::ObjectState& DporHb::object(ObjectId id) {
  if (static_cast<std::size_t>(id) >= objects_.size()) objects_.resize(id + 1);
  return objects_[id];
}

void DporHb::depend_on_write(ObjectId id) {
  const ObjectState& o = object(id);
  if (o.last_write >= 0) candidates_.push_back(o.last_write);
  candidates_.insert(candidates_.end(), o.reads.begin(), o.reads.end());
  // Awaits read everything: the ones since the last write are reads of id.
  for (auto it = awaits_.rbegin(); it != awaits_.rend() && *it > o.last_write; ++it)
    candidates_.push_back(*it);
}

void DporHb::depend_on_read(ObjectId id) {
  const ObjectState& o = object(id);
  if (o.last_write >= 0) candidates_.push_back(o.last_write);
}

void DporHb::add(const Event& e, const OpAccess& a, bool want_races) {
  const int k = static_cast<int>(info_.size());
  const ThreadId p = e.thread;
  save_thread_clock(p);
  if (e.kind == OpKind::join && e.value >= 0 && e.value < kMaxThreads)
    thread_clock_[p].join(thread_clock_[static_cast<ThreadId>(e.value)]);
  const VectorClock base = thread_clock_[p];

  candidates_.clear();
  int hb_only = -1;  // a dependency that orders but does not race
  if (a.await) {
    for (const ObjectState& o : objects_)
      if (o.last_write >= 0) candidates_.push_back(o.last_write);
  }
  if (a.object != kNoObject) {
    if (e.kind == OpKind::lock) {
      ObjectState& o = object(a.object);
      hb_only = o.last_write;  // the unlock that freed it
      candidates_.insert(candidates_.end(), o.reads.begin(), o.reads.end());
      for (auto it = awaits_.rbegin(); it != awaits_.rend() && *it > o.last_write; ++it)
        candidates_.push_back(*it);
      if (o.last_acquire >= 0) candidates_.push_back(o.last_acquire);
    } else if (a.write) {
      depend_on_write(a.object);
    } else {
      depend_on_read(a.object);
    }
  }
  if (a.owner != kNoObject) depend_on_read(a.owner);

  VectorClock full = base;
  for (int c : candidates_) full.join(clock_[c]);
  if (hb_only >= 0) full.join(clock_[hb_only]);
  full.set(p, base[p] + 1);

  races_.clear();
  await_window_.clear();
  if (want_races) {
    filter_races(p, base);
    if (a.await) find_await_window(p, base);
  }

  info_.push_back(Info{p, full[p], a.writes()});
  clock_.push_back(full);
  thread_clock_[p] = full;
  if (e.kind == OpKind::spawn && e.value >= 0 && e.value < kMaxThreads) {
    save_thread_clock(static_cast<ThreadId>(e.value));
    thread_clock_[static_cast<ThreadId>(e.value)] = full;
  }

  if (a.await) {
    awaits_.push_back(k);
    undo_.push_back(Undo{Undo::await_added, 0});
  }
  if (a.object != kNoObject) {
    ObjectState& o = object(a.object);
    if (a.write) {
      undo_.push_back(Undo{Undo::last_write, a.object, o.last_write});
      o.last_write = k;
      if (!o.reads.empty()) {
        undo_.push_back(Undo{Undo::reads_cleared, a.object, static_cast<int>(saved_reads_.size()),
                             static_cast<int>(o.reads.size())});
        saved_reads_.insert(saved_reads_.end(), o.reads.begin(), o.reads.end());
        o.reads.clear();
      }
    } else if (!a.await) {
      o.reads.push_back(k);
      undo_.push_back(Undo{Undo::read_added, a.object});
    }
    if (e.kind == OpKind::lock || (e.kind == OpKind::trylock && e.ok)) {
      undo_.push_back(Undo{Undo::last_acquire, a.object, o.last_acquire});
      o.last_acquire = k;
    }
  }
  if (a.owner != kNoObject) {
    object(a.owner).reads.push_back(k);
    undo_.push_back(Undo{Undo::read_added, a.owner});
  }
  marks_.push_back(undo_.size());
}

// Keeps the candidates that race with the new event of thread p: other
// threads' events it does not already follow, and that do not reach it
// through another candidate.
void DporHb::filter_races(ThreadId p, const VectorClock& base) {
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    const int c = candidates_[i];
    if (info_[c].thread == p || before(c, base)) continue;
    bool direct = true;
    for (std::size_t j = 0; j < candidates_.size() && direct; ++j) {
      const int d = candidates_[j];
      if (d != c && before(c, clock_[d])) direct = false;
    }
    if (!direct) continue;
    bool seen = false;
    for (const Race& r : races_) seen = seen || r.e1 == c;
    if (!seen) races_.push_back(Race{c});
  }
}

// The writes of other threads that the await of thread p (whose clock
// before it is `base`) does not follow: it could have run before each of
// them (dpor_hb.hpp), whether or not another write comes between.
void DporHb::find_await_window(ThreadId p, const VectorClock& base) {
  await_base_ = base;
  for (int j = 0; j < size(); ++j)
    if (info_[j].writes && info_[j].thread != p && !before(j, base)) await_window_.push_back(Race{j});
}

void DporHb::blocked_await_window(ThreadId t) {
  await_window_.clear();
  find_await_window(t, thread_clock_[t]);
}

void DporHb::end_races(ThreadId t) {
  // Every event of another thread that t does not follow, not only the
  // hb-maximal ones: t may be blocked, so reversing it with a later event
  // may be impossible where reversing it with an earlier one (the lock
  // acquisition that blocks it) is not.
  races_.clear();
  const VectorClock& base = thread_clock_[t];
  for (int j = 0; j < size(); ++j)
    if (info_[j].thread != t && !before(j, base)) races_.push_back(Race{j});
}

}  // namespace mmcheck
