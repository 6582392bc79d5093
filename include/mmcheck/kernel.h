// Kernel-style types for checking a kernel function's locking skeleton: paste
// it in, and spin_lock(&obj->lock) is a visible step like any other. Each
// type is a thin wrapper over one of checker/'s instrumented types:
//
//   spinlock_t            SpinLock      spin_lock, spin_trylock, spin_unlock, ...
//   struct mutex          Mutex         mutex_lock, mutex_trylock, mutex_unlock
//   struct rw_semaphore   RwSemaphore   down_read, down_write, up_read, up_write, ...
//   atomic_t, atomic_long_t  Shared<int>, Shared<long>   atomic_read, atomic_inc, ...
//   refcount_t, struct kref  Shared<int>  refcount_inc, refcount_dec_and_test, kref_put
//
// READ_ONCE/WRITE_ONCE take an instrumented variable (mmcheck::Shared<T> or
// mmcheck::Plain<T>); a plain C `int` field is invisible to the checker.
// lockdep_assert_held, BUG_ON and WARN_ON fail as `assertion` violations
// (WARN_ON stops the execution where the kernel would go on).
//
// Names: an object is named after the variable of DEFINE_SPINLOCK(x),
// DEFINE_MUTEX(x), DECLARE_RWSEM(x), or the argument of spin_lock_init(&o->l),
// mutex_init, init_rwsem (as the kernel's lockdep names a lock class: "o->l"),
// or by a string given to its constructor; otherwise after its type and where
// it was constructed: "spinlock (refobj.cpp:14)". A member of a struct with
// no constructor of its own is constructed at the struct's first line, so
// give such members an initialiser call or a name. Lock-order checking
// (--lockdep) uses the name as the class, as lockdep uses the init site.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "checker/sync/api.hpp"
#include "mmcheck/detail/naming.hpp"

namespace mmcheck::kernel_detail {

template <class Base>
struct Named : Base {
  explicit Named(const char* what, Loc loc) : Base(detail::located(what, loc)) {}
  explicit Named(std::string name) : Base(std::move(name)) {}
};

inline void fail(const std::string& message, const Loc& loc) {
  report_violation(ViolationKind::assertion, message, loc);
}

// Whether the running scenario thread holds the lock (no step: a thread's
// own holds do not depend on the interleaving).
inline bool held_by_me(const Mutex& m) { return m.holder() == current_thread(); }
inline bool held_by_me(const RwSemaphore& s, bool write_only) {
  const ThreadId me = current_thread();
  return s.writer() == me || (!write_only && (s.readers() & bit(me)) != 0);
}

template <class Lock>
void assert_held(const Lock* l, const char* text, bool write_only, const Loc& loc) {
  if (!in_scenario_thread()) return;
  bool held;
  if constexpr (std::is_base_of_v<RwSemaphore, Lock>) {
    held = held_by_me(*l, write_only);
  } else {
    held = held_by_me(*l);
  }
  if (!held) fail(std::string(text) + " failed: " + l->name() + " is not held by " +
                      thread_name(current_thread()), loc);
}

// The kernel's container_of. offsetof on a struct holding instrumented
// (polymorphic) members is "conditionally supported"; GCC and Clang support
// it for any class without virtual bases, and warn: the warning is silenced
// here only.
template <class T>
T* container_of(void* member, std::size_t offset) {
  return reinterpret_cast<T*>(static_cast<char*>(member) - offset);
}

}  // namespace mmcheck::kernel_detail

#define container_of(ptr, type, member)                                                   \
  ([&]() -> type* {                                                                       \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Winvalid-offsetof\"") \
    return ::mmcheck::kernel_detail::container_of<type>((ptr), offsetof(type, member));  \
    _Pragma("GCC diagnostic pop")                                                        \
  }())

// ---- spinlock_t -------------------------------------------------------------
struct spinlock : mmcheck::kernel_detail::Named<mmcheck::SpinLock> {
  spinlock(mmcheck::Loc loc = mmcheck::Loc::current()) : Named("spinlock", loc) {}
  explicit spinlock(std::string name) : Named(std::move(name)) {}
};
typedef struct spinlock spinlock_t;

#define DEFINE_SPINLOCK(x) spinlock_t x{#x}
#define spin_lock_init(l) ((l)->rename(::mmcheck::detail::from_expression(#l)))

inline void spin_lock(spinlock_t* l, mmcheck::Loc loc = mmcheck::Loc::current()) { l->lock(loc); }
inline void spin_unlock(spinlock_t* l, mmcheck::Loc loc = mmcheck::Loc::current()) { l->unlock(loc); }
inline int spin_trylock(spinlock_t* l, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return l->try_lock(loc) ? 1 : 0;
}
// Interrupts are not modelled: the _irq, _irqsave and _bh forms are spin_lock.
inline void spin_lock_irq(spinlock_t* l, mmcheck::Loc loc = mmcheck::Loc::current()) { l->lock(loc); }
inline void spin_unlock_irq(spinlock_t* l, mmcheck::Loc loc = mmcheck::Loc::current()) { l->unlock(loc); }
inline void spin_lock_bh(spinlock_t* l, mmcheck::Loc loc = mmcheck::Loc::current()) { l->lock(loc); }
inline void spin_unlock_bh(spinlock_t* l, mmcheck::Loc loc = mmcheck::Loc::current()) { l->unlock(loc); }
#define spin_lock_irqsave(l, flags) ((void)((flags) = 0), spin_lock(l))
#define spin_unlock_irqrestore(l, flags) ((void)(flags), spin_unlock(l))
inline int spin_is_locked(const spinlock_t* l) { return l->holder() != mmcheck::kNoThread; }
#define assert_spin_locked(l) \
  ::mmcheck::kernel_detail::assert_held((l), "assert_spin_locked(" #l ")", false, ::mmcheck::Loc::current())

// ---- struct mutex -----------------------------------------------------------
struct mutex : mmcheck::kernel_detail::Named<mmcheck::Mutex> {
  mutex(mmcheck::Loc loc = mmcheck::Loc::current()) : Named("mutex", loc) {}
  explicit mutex(std::string name) : Named(std::move(name)) {}
};

#define DEFINE_MUTEX(x) struct mutex x{#x}
#define mutex_init(m) ((m)->rename(::mmcheck::detail::from_expression(#m)))

inline void mutex_lock(struct mutex* m, mmcheck::Loc loc = mmcheck::Loc::current()) { m->lock(loc); }
// Signals are not modelled: these never fail.
inline int mutex_lock_interruptible(struct mutex* m, mmcheck::Loc loc = mmcheck::Loc::current()) {
  m->lock(loc);
  return 0;
}
inline int mutex_lock_killable(struct mutex* m, mmcheck::Loc loc = mmcheck::Loc::current()) {
  m->lock(loc);
  return 0;
}
inline int mutex_trylock(struct mutex* m, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return m->try_lock(loc) ? 1 : 0;
}
inline void mutex_unlock(struct mutex* m, mmcheck::Loc loc = mmcheck::Loc::current()) { m->unlock(loc); }
inline int mutex_is_locked(const struct mutex* m) { return m->holder() != mmcheck::kNoThread; }

// ---- struct rw_semaphore ----------------------------------------------------
struct rw_semaphore : mmcheck::kernel_detail::Named<mmcheck::RwSemaphore> {
  rw_semaphore(mmcheck::Loc loc = mmcheck::Loc::current()) : Named("rw_semaphore", loc) {}
  explicit rw_semaphore(std::string name) : Named(std::move(name)) {}
};

#define DECLARE_RWSEM(x) struct rw_semaphore x{#x}
#define init_rwsem(s) ((s)->rename(::mmcheck::detail::from_expression(#s)))

inline void down_read(struct rw_semaphore* s, mmcheck::Loc loc = mmcheck::Loc::current()) { s->down_read(loc); }
inline void down_write(struct rw_semaphore* s, mmcheck::Loc loc = mmcheck::Loc::current()) { s->down_write(loc); }
inline int down_read_trylock(struct rw_semaphore* s, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return s->down_read_trylock(loc) ? 1 : 0;
}
inline int down_write_trylock(struct rw_semaphore* s, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return s->down_write_trylock(loc) ? 1 : 0;
}
inline void up_read(struct rw_semaphore* s, mmcheck::Loc loc = mmcheck::Loc::current()) { s->up_read(loc); }
inline void up_write(struct rw_semaphore* s, mmcheck::Loc loc = mmcheck::Loc::current()) { s->up_write(loc); }
inline void downgrade_write(struct rw_semaphore* s, mmcheck::Loc loc = mmcheck::Loc::current()) {
  s->downgrade_write(loc);
}
inline int rwsem_is_locked(const struct rw_semaphore* s) {
  return s->writer() != mmcheck::kNoThread || s->readers() != 0;
}

// ---- lockdep ----------------------------------------------------------------
#define lockdep_assert_held(l) \
  ::mmcheck::kernel_detail::assert_held((l), "lockdep_assert_held(" #l ")", false, ::mmcheck::Loc::current())
#define lockdep_assert_held_write(l) \
  ::mmcheck::kernel_detail::assert_held((l), "lockdep_assert_held_write(" #l ")", true, ::mmcheck::Loc::current())
#define lockdep_assert_held_read(l) lockdep_assert_held(l)

// ---- BUG_ON, WARN_ON ----------------------------------------------------------
#define BUG_ON(cond)                                                                 \
  do {                                                                               \
    if (cond) ::mmcheck::kernel_detail::fail("BUG_ON(" #cond ")", ::mmcheck::Loc::current()); \
  } while (0)
#define WARN_ON(cond)                                                                  \
  ([&](::mmcheck::Loc warn_loc) -> bool {                                               \
    const bool warn_hit = static_cast<bool>(cond);                                     \
    if (warn_hit) ::mmcheck::kernel_detail::fail("WARN_ON(" #cond ")", warn_loc);         \
    return warn_hit;                                                                   \
  }(::mmcheck::Loc::current()))
#define WARN_ON_ONCE(cond) WARN_ON(cond)

// ---- READ_ONCE, WRITE_ONCE ----------------------------------------------------
// One load or store of an instrumented variable (Shared<T>: never a race;
// Plain<T>: race-checked like any plain access).
#define READ_ONCE(x) ((x).load())
#define WRITE_ONCE(x, v) ((x).store(v))

// ---- atomic_t, atomic_long_t --------------------------------------------------
// Sequentially consistent, like every Shared<T>: the kernel's relaxed and
// _acquire/_release forms are not modelled separately.
struct atomic_t : mmcheck::Shared<int> {
  atomic_t(int i = 0, mmcheck::Loc loc = mmcheck::Loc::current())
      : Variable(mmcheck::detail::located("atomic_t", loc), i) {}
  atomic_t(std::string name, int i) : Variable(std::move(name), i) {}
};
struct atomic_long_t : mmcheck::Shared<long> {
  atomic_long_t(long i = 0, mmcheck::Loc loc = mmcheck::Loc::current())
      : Variable(mmcheck::detail::located("atomic_long_t", loc), i) {}
  atomic_long_t(std::string name, long i) : Variable(std::move(name), i) {}
};
#define ATOMIC_INIT(i) {i}
#define ATOMIC_LONG_INIT(i) {i}

// Every operation is one visible step (a load, a store or one read-modify-write).
#define MMCHECK_KERNEL_ATOMIC_OPS(prefix, type, value_t)                                          \
  inline value_t prefix##_read(type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {            \
    return v->load(loc);                                                                          \
  }                                                                                               \
  inline void prefix##_set(type* v, value_t i, mmcheck::Loc loc = mmcheck::Loc::current()) {     \
    v->store(i, loc);                                                                             \
  }                                                                                               \
  inline value_t prefix##_fetch_add(value_t i, type* v, mmcheck::Loc loc = mmcheck::Loc::current()) { \
    return v->fetch_add(i, loc);                                                                  \
  }                                                                                               \
  inline value_t prefix##_fetch_sub(value_t i, type* v, mmcheck::Loc loc = mmcheck::Loc::current()) { \
    return v->fetch_add(-i, loc);                                                                 \
  }                                                                                               \
  inline value_t prefix##_add_return(value_t i, type* v, mmcheck::Loc loc = mmcheck::Loc::current()) { \
    return v->fetch_add(i, loc) + i;                                                              \
  }                                                                                               \
  inline value_t prefix##_sub_return(value_t i, type* v, mmcheck::Loc loc = mmcheck::Loc::current()) { \
    return v->fetch_add(-i, loc) - i;                                                             \
  }                                                                                               \
  inline void prefix##_add(value_t i, type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {     \
    v->fetch_add(i, loc);                                                                         \
  }                                                                                               \
  inline void prefix##_sub(value_t i, type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {     \
    v->fetch_add(-i, loc);                                                                        \
  }                                                                                               \
  inline void prefix##_inc(type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {                \
    v->fetch_add(1, loc);                                                                         \
  }                                                                                               \
  inline void prefix##_dec(type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {                \
    v->fetch_add(-1, loc);                                                                        \
  }                                                                                               \
  inline value_t prefix##_inc_return(type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {     \
    return v->fetch_add(1, loc) + 1;                                                              \
  }                                                                                               \
  inline value_t prefix##_dec_return(type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {     \
    return v->fetch_add(-1, loc) - 1;                                                             \
  }                                                                                               \
  inline bool prefix##_inc_and_test(type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {      \
    return v->fetch_add(1, loc) + 1 == 0;                                                         \
  }                                                                                               \
  inline bool prefix##_dec_and_test(type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {      \
    return v->fetch_add(-1, loc) - 1 == 0;                                                        \
  }                                                                                               \
  inline bool prefix##_sub_and_test(value_t i, type* v, mmcheck::Loc loc = mmcheck::Loc::current()) { \
    return v->fetch_add(-i, loc) - i == 0;                                                        \
  }                                                                                               \
  inline value_t prefix##_xchg(type* v, value_t n, mmcheck::Loc loc = mmcheck::Loc::current()) { \
    return v->exchange(n, loc);                                                                   \
  }                                                                                               \
  /* Returns the value found; it was replaced by n if that was o. */                             \
  inline value_t prefix##_cmpxchg(type* v, value_t o, value_t n,                                 \
                                  mmcheck::Loc loc = mmcheck::Loc::current()) {                  \
    v->compare_exchange(o, n, loc);                                                               \
    return o;                                                                                     \
  }                                                                                               \
  inline bool prefix##_try_cmpxchg(type* v, value_t* o, value_t n,                               \
                                   mmcheck::Loc loc = mmcheck::Loc::current()) {                 \
    return v->compare_exchange(*o, n, loc);                                                       \
  }                                                                                               \
  /* Adds a unless the value is u; returns the value found. */                                   \
  inline value_t prefix##_fetch_add_unless(type* v, value_t a, value_t u,                        \
                                           mmcheck::Loc loc = mmcheck::Loc::current()) {         \
    return v->rmw([a, u](value_t x) { return x == u ? x : static_cast<value_t>(x + a); }, loc);  \
  }                                                                                               \
  inline bool prefix##_add_unless(type* v, value_t a, value_t u,                                 \
                                  mmcheck::Loc loc = mmcheck::Loc::current()) {                  \
    return prefix##_fetch_add_unless(v, a, u, loc) != u;                                          \
  }                                                                                               \
  inline bool prefix##_inc_not_zero(type* v, mmcheck::Loc loc = mmcheck::Loc::current()) {      \
    return prefix##_fetch_add_unless(v, 1, 0, loc) != 0;                                          \
  }

MMCHECK_KERNEL_ATOMIC_OPS(atomic, atomic_t, int)
MMCHECK_KERNEL_ATOMIC_OPS(atomic_long, atomic_long_t, long)
#undef MMCHECK_KERNEL_ATOMIC_OPS

// ---- refcount_t, struct kref ------------------------------------------------
// include/linux/refcount.h: where the kernel WARNs and saturates (an
// increment from 0, a decrement below 1), this reports an `assertion`
// violation with the kernel's message.
typedef struct refcount_struct : mmcheck::Shared<int> {
  refcount_struct(int n = 1, mmcheck::Loc loc = mmcheck::Loc::current())
      : Variable(mmcheck::detail::located("refcount_t", loc), n) {}
  refcount_struct(std::string name, int n) : Variable(std::move(name), n) {}
} refcount_t;
#define REFCOUNT_INIT(n) {n}

inline void refcount_set(refcount_t* r, int n, mmcheck::Loc loc = mmcheck::Loc::current()) { r->store(n, loc); }
inline unsigned int refcount_read(refcount_t* r, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return static_cast<unsigned int>(r->load(loc));
}
inline void refcount_add(int i, refcount_t* r, mmcheck::Loc loc = mmcheck::Loc::current()) {
  const int old = r->fetch_add(i, loc);
  if (old == 0) mmcheck::kernel_detail::fail("refcount_t: addition on 0; use-after-free (" + r->name() + ")", loc);
}
inline void refcount_inc(refcount_t* r, mmcheck::Loc loc = mmcheck::Loc::current()) { refcount_add(1, r, loc); }
inline bool refcount_add_not_zero(int i, refcount_t* r, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return r->rmw([i](int x) { return x == 0 ? 0 : x + i; }, loc) != 0;
}
inline bool refcount_inc_not_zero(refcount_t* r, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return refcount_add_not_zero(1, r, loc);
}
inline bool refcount_sub_and_test(int i, refcount_t* r, mmcheck::Loc loc = mmcheck::Loc::current()) {
  const int old = r->fetch_add(-i, loc);
  if (old - i < 0) mmcheck::kernel_detail::fail("refcount_t: underflow; use-after-free (" + r->name() + ")", loc);
  return old - i == 0;
}
inline bool refcount_dec_and_test(refcount_t* r, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return refcount_sub_and_test(1, r, loc);
}
inline void refcount_dec(refcount_t* r, mmcheck::Loc loc = mmcheck::Loc::current()) {
  const int old = r->fetch_add(-1, loc);
  if (old <= 1) mmcheck::kernel_detail::fail("refcount_t: decrement hit 0; leaking memory (" + r->name() + ")", loc);
}
// Decrements unless the count is 1; true if it decremented.
inline bool refcount_dec_not_one(refcount_t* r, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return r->rmw([](int x) { return x == 1 ? 1 : x - 1; }, loc) != 1;
}
// lib/refcount.c: true, with the lock held, when the count dropped to 0.
inline bool refcount_dec_and_lock(refcount_t* r, spinlock_t* lock, mmcheck::Loc loc = mmcheck::Loc::current()) {
  if (refcount_dec_not_one(r, loc)) return false;
  spin_lock(lock, loc);
  if (!refcount_dec_and_test(r, loc)) {
    spin_unlock(lock, loc);
    return false;
  }
  return true;
}
inline bool refcount_dec_and_mutex_lock(refcount_t* r, struct mutex* lock,
                                        mmcheck::Loc loc = mmcheck::Loc::current()) {
  if (refcount_dec_not_one(r, loc)) return false;
  mutex_lock(lock, loc);
  if (!refcount_dec_and_test(r, loc)) {
    mutex_unlock(lock, loc);
    return false;
  }
  return true;
}

struct kref {
  refcount_t refcount;
  kref(mmcheck::Loc loc = mmcheck::Loc::current()) : refcount(mmcheck::detail::located("kref", loc), 1) {}
  explicit kref(std::string name) : refcount(std::move(name), 1) {}
  void rename(std::string name) { refcount.rename(std::move(name)); }
};
#define KREF_INIT(n) {n}
// kref_init also names the kref after its argument, like the lock initialisers.
#define kref_init(k) \
  ((k)->rename(::mmcheck::detail::from_expression(#k)), refcount_set(&(k)->refcount, 1))
inline unsigned int kref_read(struct kref* k, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return refcount_read(&k->refcount, loc);
}
inline void kref_get(struct kref* k, mmcheck::Loc loc = mmcheck::Loc::current()) { refcount_inc(&k->refcount, loc); }
inline int kref_get_unless_zero(struct kref* k, mmcheck::Loc loc = mmcheck::Loc::current()) {
  return refcount_inc_not_zero(&k->refcount, loc) ? 1 : 0;
}
// Calls release when this put dropped the last reference; returns 1 then.
inline int kref_put(struct kref* k, void (*release)(struct kref*), mmcheck::Loc loc = mmcheck::Loc::current()) {
  if (refcount_dec_and_test(&k->refcount, loc)) {
    release(k);
    return 1;
  }
  return 0;
}
// include/linux/kref.h: release is called with the lock held, and must drop it.
inline int kref_put_lock(struct kref* k, void (*release)(struct kref*), spinlock_t* lock,
                         mmcheck::Loc loc = mmcheck::Loc::current()) {
  if (refcount_dec_and_lock(&k->refcount, lock, loc)) {
    release(k);
    return 1;
  }
  return 0;
}
inline int kref_put_mutex(struct kref* k, void (*release)(struct kref*), struct mutex* lock,
                          mmcheck::Loc loc = mmcheck::Loc::current()) {
  if (refcount_dec_and_mutex_lock(&k->refcount, lock, loc)) {
    release(k);
    return 1;
  }
  return 0;
}
