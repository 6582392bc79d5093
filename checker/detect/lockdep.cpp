#include "checker/detect/lockdep.hpp"

#include <cctype>
#include <deque>

#include "checker/sync/object.hpp"

namespace mmcheck {
namespace {

std::string where(const SourceLoc& loc, long step) {
  std::string s;
  if (loc.line != 0)
    s = std::string(SourceLoc::relative_path(loc.file)) + ":" + std::to_string(loc.line) + " ";
  return s + "(step " + std::to_string(step) + ")";
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s += std::string(width - s.size(), ' ');
  return s;
}

std::string mode(bool read) { return read ? " (read)" : ""; }

}  // namespace

std::string LockDep::class_name(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '[') {
      out += "[]";
      while (i < name.size() && name[i] != ']') ++i;
      continue;
    }
    // Digits that end a name component ("pmd0", "mm1") number an instance.
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j]))) ++j;
      if (j == name.size() || name[j] == '.' || name[j] == '[') {
        i = j - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

void LockDep::begin_execution(long execution) {
  execution_ = execution;
  object_class_.clear();
  for (HeldStack& h : held_) h.n = 0;
}

int LockDep::class_of(const Object& lock) {
  auto it = object_class_.find(&lock);
  if (it != object_class_.end()) return it->second;
  // Objects are built anew every execution, their names are not: the name's
  // class is worked out once per exploration.
  auto named = name_class_.find(lock.name());
  const int id = named != name_class_.end()
                     ? named->second
                     : name_class_.emplace(lock.name(), class_id(class_name(lock.name())))
                           .first->second;
  object_class_.emplace(&lock, id);
  return id;
}

int LockDep::class_id(const std::string& cls) {
  auto [it, added] = class_ids_.emplace(cls, static_cast<int>(classes_.size()));
  if (added) classes_.push_back(ClassInfo{cls, false, {}});
  return it->second;
}

void LockDep::preload(const LockWitness& w) {
  const int from = class_id(w.from);
  const int to = class_id(w.to);
  if (!w.from_read) classes_[from].ever_written = true;
  if (!w.to_read) classes_[to].ever_written = true;
  if (find_edge(from, to) != nullptr) return;
  classes_[from].out.push_back(Edge{to, w.from_read, w.to_read, w});
  ++edge_count_;
}

const LockDep::Edge* LockDep::find_edge(int from, int to) const {
  for (const Edge& e : classes_[from].out)
    if (e.to == to) return &e;
  return nullptr;
}

std::vector<const LockDep::Edge*> LockDep::path(int from, int to) const {
  // Breadth-first, so the reported chain is a shortest one.
  std::vector<const Edge*> via(classes_.size(), nullptr);
  std::vector<int> parent(classes_.size(), -1);
  std::vector<bool> seen(classes_.size(), false);
  std::deque<int> queue{from};
  seen[from] = true;
  while (!queue.empty()) {
    const int c = queue.front();
    queue.pop_front();
    if (c == to) break;
    for (const Edge& e : classes_[c].out) {
      if (seen[e.to]) continue;
      seen[e.to] = true;
      via[e.to] = &e;
      parent[e.to] = c;
      queue.push_back(e.to);
    }
  }
  std::vector<const Edge*> chain;
  if (!seen[to] || from == to) return chain;
  for (int c = to; c != from; c = parent[c]) chain.insert(chain.begin(), via[c]);
  return chain;
}

bool LockDep::cycle_can_deadlock(const std::vector<const Edge*>& cycle) const {
  // Edge i enters the class that edge i+1 leaves.
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    const Edge* in = cycle[i];
    const Edge* out = cycle[(i + 1) % cycle.size()];
    if (in->to_read && out->from_read && !classes_[in->to].ever_written) return false;
  }
  return true;
}

std::optional<LockCycleReport> LockDep::acquire(ThreadId t, const std::string& thread_name,
                                                const Object& lock, bool read, bool trylock,
                                                long step, const SourceLoc& loc) {
  const int cls = class_of(lock);
  if (!read) classes_[cls].ever_written = true;
  HeldStack& stack = held_[t];
  std::optional<LockCycleReport> found;
  if (!trylock) {
    for (int i = 0; i < stack.n && !found; ++i) {
      const Held& h = stack.locks[i];
      // Same-class nesting needs lockdep's nesting annotations, which the
      // model does not use: it is not reported.
      if (h.cls == cls || find_edge(h.cls, cls) != nullptr) continue;
      Edge e{cls, h.read, read,
             LockWitness{classes_[h.cls].name, classes_[cls].name, h.read, read, thread_name,
                         execution_, h.step, h.loc, step, loc}};
      const std::vector<const Edge*> back = path(cls, h.cls);
      if (!back.empty()) {
        std::vector<const Edge*> cycle = back;
        cycle.push_back(&e);
        if (cycle_can_deadlock(cycle)) found = report(h, e, back, h.cls, stack);
      }
      classes_[h.cls].out.push_back(e);
      ++edge_count_;
    }
  }
  if (stack.n < kMaxHeld) stack.locks[stack.n++] = Held{&lock, cls, read, step, loc};
  return found;
}

void LockDep::release(ThreadId t, const Object& lock) {
  HeldStack& stack = held_[t];
  for (int i = stack.n - 1; i >= 0; --i) {
    if (stack.locks[i].lock != &lock) continue;
    for (int j = i + 1; j < stack.n; ++j) stack.locks[j - 1] = stack.locks[j];
    --stack.n;
    return;
  }
}

void LockDep::downgrade(ThreadId t, const Object& lock) {
  HeldStack& stack = held_[t];
  for (int i = stack.n - 1; i >= 0; --i)
    if (stack.locks[i].lock == &lock) stack.locks[i].read = true;
}

// The layout of the kernel's print_circular_bug() (kernel/locking/
// lockdep.c, v6.1): the banner, the acquisition tried and the lock held,
// the existing chain numbered down to #1 and the new dependency as #0, the
// unsafe scenario, and the locks the task holds. Addresses, lock-usage
// bits and stack traces have no counterpart here; each entry names the
// model line and step instead.
LockCycleReport LockDep::report(const Held& held, const Edge& new_edge,
                                const std::vector<const Edge*>& existing, int from,
                                const HeldStack& stack) const {
  const std::string held_cls = classes_[from].name;
  const std::string new_cls = classes_[new_edge.to].name;
  const LockWitness& w = new_edge.witness;
  LockCycleReport r;
  const std::string rule(54, '-');
  std::string m = std::string(54, '=') + "\nWARNING: possible circular locking dependency detected\n" +
                  rule + "\n";
  m += w.thread + " is trying to acquire lock:\n  (" + new_cls + ")" + mode(new_edge.to_read) +
       ", at: " + where(w.loc, w.step) + "\n";
  m += "but task is already holding lock:\n  (" + held_cls + ")" + mode(held.read) +
       ", at: " + where(held.loc, held.step) + "\n";
  m += "which lock already depends on the new lock.\n\n";
  m += "the existing dependency chain (in reverse order) is:\n";
  int n = static_cast<int>(existing.size()) + 1;
  for (auto it = existing.rbegin(); it != existing.rend(); ++it) {
    const Edge& e = **it;
    const LockWitness& x = e.witness;
    m += "-> #" + std::to_string(--n) + " (" + x.to + ")" + mode(e.to_read) + ": taken by " +
         x.thread + " at " + where(x.loc, x.step) + " in execution " +
         std::to_string(x.execution) + ", while holding (" + x.from + ")" + mode(x.from_read) +
         " taken at " + where(x.held_loc, x.held_step) + "\n";
    r.chain.push_back(x);
  }
  m += "-> #0 (" + new_cls + ")" + mode(new_edge.to_read) + ": being taken by " + w.thread +
       " at " + where(w.loc, w.step) + ", while holding (" + held_cls + ")" + mode(held.read) +
       " taken at " + where(held.loc, held.step) + "\n";
  r.chain.push_back(w);
  const std::string a = "lock(" + held_cls + ");";
  const std::string b = "lock(" + new_cls + ");";
  // CPU1 holds the lock that directly depends on the held one (lockdep's
  // "parent"): the new lock itself for a chain of one.
  const int parent = existing.size() >= 2 ? existing[existing.size() - 2]->to : new_edge.to;
  const std::string c1 = "lock(" + classes_[parent].name + ");";
  m += "\nother info that might help us debug this:\n Possible unsafe locking scenario:\n\n";
  m += pad("       CPU0", 31) + "CPU1\n" + pad("       ----", 31) + "----\n";
  m += "  " + a + "\n";
  m += pad("", 31) + c1 + "\n";
  m += pad("", 31) + a + "\n";
  m += "  " + b + "\n\n *** DEADLOCK ***\n\n";
  m += std::to_string(stack.n) + (stack.n == 1 ? " lock" : " locks") + " held by " + w.thread +
       ":\n";
  for (int i = 0; i < stack.n; ++i) {
    const Held& h = stack.locks[i];
    m += " #" + std::to_string(i) + ": (" + classes_[h.cls].name + ")" + mode(h.read) +
         ", at: " + where(h.loc, h.step) + "\n";
  }
  m.pop_back();
  r.message = std::move(m);
  return r;
}

}  // namespace mmcheck
