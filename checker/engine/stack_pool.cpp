#include "checker/engine/stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <new>
#include <stdexcept>

#include "checker/engine/fiber_sanitizer.hpp"

namespace mmcheck {
namespace {

std::size_t page_size() {
  static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

// Guard pages of every live pool, read by the SIGSEGV handler. Only changed
// when a stack is mapped or unmapped, never on a step.
struct GuardRegistry {
  std::mutex mu;
  std::vector<const char*> guards;
};
GuardRegistry& guard_registry() {
  static GuardRegistry r;
  return r;
}

}  // namespace

StackPool::StackPool(std::size_t stack_bytes)
    : page_(page_size()), stack_bytes_((stack_bytes + page_ - 1) / page_ * page_) {}

StackPool::~StackPool() {
  auto& reg = guard_registry();
  std::lock_guard lock(reg.mu);
  for (const Block& b : all_) {
    std::erase(reg.guards, b.base);
    fiber_stack_unpoison(b.base + page_, b.bytes - page_);
    munmap(b.base, b.bytes);
  }
}

boost::context::stack_context StackPool::allocate() {
  Block b;
  if (!free_.empty()) {
    b = free_.back();
    free_.pop_back();
  } else {
    b.bytes = stack_bytes_ + page_;
    void* p = mmap(nullptr, b.bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    b.base = static_cast<char*>(p);
    mprotect(b.base, page_, PROT_NONE);
    all_.push_back(b);
    auto& reg = guard_registry();
    std::lock_guard lock(reg.mu);
    reg.guards.push_back(b.base);
  }
  // Fresh or pooled, the stack holds no live frame: whatever ASan's shadow
  // says about it is stale (fiber_sanitizer.hpp).
  fiber_stack_unpoison(b.base + page_, b.bytes - page_);
  boost::context::stack_context sctx;
  sctx.size = b.bytes - page_;
  sctx.sp = b.base + b.bytes;  // stacks grow down
  return sctx;
}

void StackPool::deallocate(boost::context::stack_context& sctx) {
  char* top = static_cast<char*>(sctx.sp);
  free_.push_back(Block{top - sctx.size - page_, sctx.size + page_});
}

void StackPool::abandon(const boost::context::stack_context&) {
  // Nothing to do: the block stays in all_ (unmapped with the pool) and is
  // simply never returned to free_.
}

bool StackPool::is_guard_page_address(const void* addr) {
  const char* a = static_cast<const char*>(addr);
  auto& reg = guard_registry();
  // A signal handler must not block; a concurrent map/unmap is impossible
  // while a fiber runs, so a failed try_lock means "not ours".
  std::unique_lock lock(reg.mu, std::try_to_lock);
  if (!lock.owns_lock()) return false;
  return std::any_of(reg.guards.begin(), reg.guards.end(),
                     [&](const char* g) { return a >= g && a < g + page_size(); });
}

}  // namespace mmcheck
