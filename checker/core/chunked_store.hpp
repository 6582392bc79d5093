// A growable array of T in fixed-size chunks, indexed like a vector. A
// vector that grows by doubling holds its old and new buffers at once while
// it moves, up to three times what it holds; the DPOR wakeup trees are the
// largest structure of a long exploration, and their peak is what bounds
// its memory (issue 19), so they grow one chunk at a time instead and
// nothing is ever moved. Elements keep their address for the store's life.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace mmcheck {

template <class T, unsigned kChunkBits = 12>
class ChunkedStore {
 public:
  static constexpr std::size_t kChunk = std::size_t{1} << kChunkBits;

  ChunkedStore() = default;
  ChunkedStore(ChunkedStore&&) noexcept = default;
  ChunkedStore& operator=(ChunkedStore&&) noexcept = default;
  ChunkedStore(const ChunkedStore& other) : size_(other.size_) {
    for (const auto& chunk : other.chunks_) {
      chunks_.push_back(std::make_unique<T[]>(kChunk));
      std::copy(chunk.get(), chunk.get() + kChunk, chunks_.back().get());
    }
  }
  ChunkedStore& operator=(const ChunkedStore& other) {
    if (this != &other) *this = ChunkedStore(other);
    return *this;
  }

  std::size_t size() const { return size_; }
  T& operator[](std::size_t i) { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  const T& operator[](std::size_t i) const { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }

  // Appends a value-initialised T (make_unique<T[]> initialises a whole
  // chunk, and a slot is handed out once) and returns it.
  T& emplace_back() {
    if (size_ == chunks_.size() * kChunk) chunks_.push_back(std::make_unique<T[]>(kChunk));
    return (*this)[size_++];
  }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace mmcheck
