// AddressSanitizer's view of the fiber switches (issue 13). ASan keeps one
// stack per OS thread in mind; a switch to a fiber's stack it was not told
// about makes it see every frame there as out of bounds, and an exception
// or longjmp there as "false positive error reports may follow". Each
// switch is announced with __sanitizer_start_switch_fiber (the stack about
// to run) and confirmed on arrival with __sanitizer_finish_switch_fiber
// (which also gives the bounds of the stack left behind). Without ASan
// every function here is empty and compiles to nothing.
//
//   https://github.com/google/sanitizers/wiki/AddressSanitizerFiberSwitching
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define MMCHECK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MMCHECK_ASAN 1
#endif
#endif

#ifdef MMCHECK_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace mmcheck {

// One side of the switches between a fiber and the main context: where its
// stack is, and ASan's fake stack (use-after-return) saved while away.
struct FiberSide {
  const void* bottom = nullptr;
  std::size_t size = 0;
  void* fake_stack = nullptr;
};

#ifdef MMCHECK_ASAN
inline constexpr bool kAddressSanitizer = true;
// Leaving `from` for `to`; `from_ends`: the stack left is never returned to.
inline void fiber_switch_start(FiberSide& from, const FiberSide& to, bool from_ends = false) {
  __sanitizer_start_switch_fiber(from_ends ? nullptr : &from.fake_stack, to.bottom, to.size);
}
// Arrived on `here`; records the bounds of the stack come from in `from`.
inline void fiber_switch_finish(FiberSide& here, FiberSide* from) {
  const void* bottom = nullptr;
  std::size_t size = 0;
  __sanitizer_finish_switch_fiber(here.fake_stack, &bottom, &size);
  if (from != nullptr) {
    from->bottom = bottom;
    from->size = size;
  }
}
// Clears ASan's shadow of a fiber stack that has no live frames. The
// redzones of frames that were never popped (a fiber abandoned after a stack
// overflow, or left by siglongjmp) stay poisoned in the shadow, and ASan
// does not clear the shadow on munmap: a later mmap at the same address (a
// new pool's stack) then reports its first ordinary frame as a
// stack-buffer-overflow, and fails its own frame-magic CHECK describing it.
inline void fiber_stack_unpoison(const void* bottom, std::size_t size) {
  ASAN_UNPOISON_MEMORY_REGION(bottom, size);
}
#else
inline constexpr bool kAddressSanitizer = false;
inline void fiber_switch_start(FiberSide&, const FiberSide&, bool = false) {}
inline void fiber_switch_finish(FiberSide&, FiberSide*) {}
inline void fiber_stack_unpoison(const void*, std::size_t) {}
#endif

}  // namespace mmcheck
