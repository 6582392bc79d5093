// Fiber stacks: pooled across executions, each with a guard page below it,
// so that a stack overflow in scenario code faults on the guard page and is
// reported as a violation instead of silently corrupting memory.
#pragma once

#include <boost/context/stack_context.hpp>
#include <cstddef>
#include <vector>

namespace mmcheck {

class StackPool {
 public:
  explicit StackPool(std::size_t stack_bytes = 256 * 1024);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sctx);
  // A stack whose fiber cannot be unwound (it overflowed) is never reused.
  void abandon(const boost::context::stack_context& sctx);

  // True when addr lies in the guard page of a stack from any pool.
  static bool is_guard_page_address(const void* addr);

 private:
  struct Block {
    char* base;  // the guard page; the usable stack is above it
    std::size_t bytes;
  };
  std::size_t page_;  // the guard page's size, read once: every spawn needs it
  std::size_t stack_bytes_;
  std::vector<Block> free_;
  std::vector<Block> all_;
};

// The allocator Boost.Context calls; it borrows from a pool.
class PooledStack {
 public:
  explicit PooledStack(StackPool& pool) : pool_(&pool) {}
  boost::context::stack_context allocate() { return pool_->allocate(); }
  void deallocate(boost::context::stack_context& sctx) noexcept { pool_->deallocate(sctx); }

 private:
  StackPool* pool_;
};

}  // namespace mmcheck
