#include "checker/engine/checkpoint.hpp"

namespace mmcheck {

std::int64_t StateReader::get(std::int64_t lo, std::int64_t hi, const char* what) {
  if (pos_ >= data_.size())
    throw CheckpointError(std::string("the strategy state ends before ") + what);
  const std::int64_t v = data_[pos_];
  if (v < lo || v > hi)
    throw CheckpointError(std::string("the strategy state has ") + what + " " + std::to_string(v) +
                          " at position " + std::to_string(pos_) + ", outside " +
                          std::to_string(lo) + " to " + std::to_string(hi));
  ++pos_;
  return v;
}

void StateReader::expect_end() const {
  if (!at_end())
    throw CheckpointError("the strategy state has " + std::to_string(data_.size() - pos_) +
                          " values after its end");
}

}  // namespace mmcheck
