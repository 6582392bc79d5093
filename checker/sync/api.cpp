#include "checker/sync/api.hpp"

#include "checker/engine/runtime.hpp"

namespace mmcheck {

Thread spawn(std::string name, std::function<void()> body, Loc loc) {
  Runtime& r = rt();
  if (!r.in_thread()) return Thread{r.spawn(std::move(name), std::move(body))};
  Event& e = r.step({OpKind::spawn, nullptr}, SourceLoc::from(loc));
  const ThreadId child = r.spawn(std::move(name), std::move(body));
  e.value = child;
  return Thread{child};
}

ThreadId current_thread() { return rt().current_thread(); }
bool in_scenario_thread() { return rt().in_thread(); }

std::string thread_name(ThreadId t) { return rt().thread_name(t); }

void join(Thread t, Loc loc) {
  Runtime& r = rt();
  Event& e = r.step({OpKind::join, nullptr, t.id}, SourceLoc::from(loc));
  e.value = t.id;
  if (r.in_thread()) r.acquire_from(r.clock_of(t.id));
}

int choose(int n, Loc loc) {
  Runtime& r = rt();
  Event& e = r.step({OpKind::choose, nullptr}, SourceLoc::from(loc));
  const int v = n <= 1 ? 0 : r.pick_value(n);
  e.value = v;
  e.value2 = n;
  return v;
}

void await(std::function<bool()> pred, Loc loc) {
  Runtime& r = rt();
  if (!r.in_thread()) return;
  r.set_await_predicate(&pred);
  r.step({OpKind::await, nullptr}, SourceLoc::from(loc));
  r.set_await_predicate(nullptr);
  if (r.in_thread()) r.acquire_predicate(pred);
}

void check(bool condition, const std::string& message, Loc loc) {
  if (!condition) rt().report(ViolationKind::assertion, message, SourceLoc::from(loc));
}

void check_invariant(bool condition, const std::string& message, Loc loc) {
  if (!condition) rt().report(ViolationKind::invariant, message, SourceLoc::from(loc));
}

void report_violation(ViolationKind kind, const std::string& message, Loc loc) {
  rt().report(kind, message, SourceLoc::from(loc));
}

void note(const std::string& name, const std::string& value) { rt().note(name, value); }

void cover(const char* point) { rt().cover(point); }

}  // namespace mmcheck
