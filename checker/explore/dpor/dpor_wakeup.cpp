#include "checker/explore/dpor/dpor_wakeup.hpp"

#include <algorithm>
#include <cstdint>

namespace mmcheck {

bool weak_initial(std::span<const SeqEvent> v, ThreadId q, const SeqEvent& next) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].thread != q) continue;
    // q's first event in v: an initial unless something before it in v
    // depends on it directly (any longer chain ends in such a step).
    for (std::size_t j = 0; j < i; ++j)
      if (seq_dependent(v[j], v[i])) return false;
    return true;
  }
  for (const SeqEvent& e : v)
    if (seq_dependent(next, e)) return false;
  return true;
}

WakeupForest::Ref WakeupForest::make() {
  Ref r;
  if (free_ != kNone) {
    r = free_;
    free_ = nodes_[r].next_sibling;
    --free_count_;
    nodes_[r] = Node{};
  } else {
    r = static_cast<Ref>(nodes_.size());
    nodes_.emplace_back();
  }
  return r;
}

void WakeupForest::release(Ref r) {
  if (r == kNone) return;
  for (Ref c = nodes_[r].first_child; c != kNone;) {
    const Ref next = nodes_[c].next_sibling;
    release(c);
    c = next;
  }
  nodes_[r].next_sibling = free_;
  free_ = r;
  ++free_count_;
}

std::size_t WakeupForest::EventHash::operator()(const SeqEvent& e) const {
  const auto u32 = [](std::int64_t v) { return static_cast<std::uint64_t>(static_cast<std::uint32_t>(v)); };
  const std::uint64_t flags = u32(int{e.access.write} | int{e.access.await} << 1 | int{e.unknown} << 2 |
                                  int{e.tentative} << 3 | int{e.may_turn_out_different} << 4 |
                                  int{e.read_not_write} << 5 | int{e.plain} << 6);
  const std::uint64_t a = u32(e.access.object) | u32(e.access.owner) << 32;
  const std::uint64_t b = u32(e.thread) ^ (u32(e.spawned) << 8) ^ (u32(e.joined) << 16) ^
                          (flags << 24) ^ (u32(e.value) << 32) ^ (u32(e.woken_on) << 40);
  std::uint64_t h = a * 0x9e3779b97f4a7c15ULL ^ b * 0xc2b2ae3d27d4eb4fULL;
  h ^= h >> 32;
  return static_cast<std::size_t>(h);
}

std::int32_t WakeupForest::number(const SeqEvent& e) {
  const auto [it, added] = numbers_.try_emplace(e, static_cast<std::int32_t>(events_.size()));
  if (added) events_.push_back(e);
  return it->second;
}

WakeupForest::Ref WakeupForest::add_child(Ref parent, Ref last, const SeqEvent& e) {
  const Ref n = make();
  nodes_[n].event = number(e);
  if (last == kNone) {
    nodes_[parent].first_child = n;
  } else {
    nodes_[last].next_sibling = n;
  }
  return n;
}

WakeupForest::Ref WakeupForest::last_child(Ref r) const {
  Ref last = kNone;
  for (Ref c = nodes_[r].first_child; c != kNone; c = nodes_[c].next_sibling) last = c;
  return last;
}

void WakeupForest::insert(Ref root, std::span<const SeqEvent> v,
                          std::vector<SeqEvent>& scratch) {
  scratch.assign(v.begin(), v.end());
  // What is left of v is scratch[head, end): a walk down a branch that
  // follows v takes its first event at each step, so taking it is O(1).
  std::size_t head = 0;
  Ref node = root;
  for (;;) {
    Ref c = nodes_[node].first_child;
    // A leaf u with u ⊑ v: exploring u explores v's reversal too. Not a
    // tentative leaf: if its event cannot run, the state keeps what lies
    // below it (DporStrategy::take_branch), and there v must be.
    if (node != root && c == kNone && !event(node).tentative) return;
    const auto rest = std::span<const SeqEvent>(scratch).subspan(head);
    std::size_t taken = rest.size();  // the event of rest the child takes; size(): none
    Ref last = kNone;                 // the children passed over
    for (; c != kNone; last = c, c = nodes_[c].next_sibling) {
      const SeqEvent& e = event(c);
      if (!rest.empty() && rest.front().thread == e.thread) {
        taken = 0;  // the usual case, v's own next thread: nothing before it
      } else {
        if (!weak_initial(rest, e.thread, e)) continue;
        taken = static_cast<std::size_t>(
            std::find_if(rest.begin(), rest.end(),
                         [&e](const SeqEvent& s) { return s.thread == e.thread; }) -
            rest.begin());
      }
      // The same thread, but its choose() takes another value: another branch.
      if (taken < rest.size() && rest[taken].value != e.value) continue;
      break;
    }
    if (c == kNone) {
      for (const SeqEvent& e : rest) {
        node = add_child(node, last, e);
        last = kNone;  // a new node has no children
      }
      return;
    }
    if (taken == 0 && !rest.empty()) {
      ++head;
    } else if (taken < rest.size()) {
      scratch.erase(scratch.begin() + static_cast<std::ptrdiff_t>(head + taken));
    }
    node = c;
  }
}

const SeqEvent* WakeupForest::first(Ref r) const {
  const Ref c = nodes_[r].first_child;
  return c == kNone ? nullptr : &event(c);
}

WakeupForest::Ref WakeupForest::pop_thread(Ref r, ThreadId q) {
  for (Ref prev = kNone, c = nodes_[r].first_child; c != kNone;
       prev = c, c = nodes_[c].next_sibling) {
    if (event(c).thread != q) continue;
    const Ref next = nodes_[c].next_sibling;
    if (prev == kNone) {
      nodes_[r].first_child = next;
    } else {
      nodes_[prev].next_sibling = next;
    }
    nodes_[c].next_sibling = kNone;
    return c;
  }
  return kNone;
}

int WakeupForest::branches(Ref r) const {
  int n = 0;
  for (Ref c = nodes_[r].first_child; c != kNone; c = nodes_[c].next_sibling) ++n;
  return n;
}

int WakeupForest::first_value_of(Ref r, ThreadId q) const {
  for (Ref c = nodes_[r].first_child; c != kNone; c = nodes_[c].next_sibling)
    if (event(c).thread == q && event(c).value >= 0) return event(c).value;
  return -1;
}

void WakeupForest::merge(Ref a, Ref b) {
  Node& nb = nodes_[b];
  if (nb.first_child != kNone) {
    Node& na = nodes_[a];
    const Ref last = last_child(a);
    if (last == kNone) {
      na.first_child = nb.first_child;
    } else {
      nodes_[last].next_sibling = nb.first_child;
    }
    nb.first_child = kNone;
  }
  release(b);
}

}  // namespace mmcheck
