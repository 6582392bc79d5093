// The out-of-line half of Shared<T> and Plain<T> (variable.hpp).
#include "checker/sync/variable.hpp"

#include "checker/engine/runtime.hpp"

namespace mmcheck {

template <Sync S>
bool VariableCore<S>::read_for_predicate() {
  Runtime& r = rt();
  if (!r.evaluating_predicate()) return false;
  if constexpr (S == Sync::atomic) {
    if (r.predicate_acquires()) r.acquire_from(sync_);
  }
  return true;
}

template <Sync S>
Event& VariableCore<S>::begin(OpKind kind, Loc loc, const char* what) {
  Event& e = rt().step({kind, this}, SourceLoc::from(loc));
  if (what != nullptr) check_alive(*this, e, what);
  return e;
}

template <Sync S>
void VariableCore<S>::after_read(const Event& e) {
  Runtime& r = rt();
  if (!r.in_thread()) return;
  if constexpr (S == Sync::atomic) {
    r.acquire_from(sync_);
  } else {
    if (r.detect_races()) race_.on_read(*this, e);
  }
}

template <Sync S>
void VariableCore<S>::after_write(const Event& e) {
  Runtime& r = rt();
  if (!r.in_thread()) return;
  if constexpr (S == Sync::atomic) {
    r.release_to(sync_);
  } else {
    if (r.detect_races()) race_.on_write(*this, e);
  }
}

template class VariableCore<Sync::atomic>;
template class VariableCore<Sync::plain>;

}  // namespace mmcheck
