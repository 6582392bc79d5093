// Checkpoints of a long exploration (issue 13): what a strategy and the
// exploration loop need to go on from an execution boundary, as plain data
// (a flat list of integers), so that a run killed at any moment, even by
// SIGKILL, continues from its last checkpoint and explores exactly the
// executions an uninterrupted run would have explored after it.
//
// Only stateless strategies whose whole state between two executions is a
// frontier can do this: dfs (its stack) and dpor (its stack of states with
// their sleep sets and wakeup trees). What dpor learnt about the replayed
// prefix (happens-before, races) is not saved: the first execution after a
// resume takes every event as new and finds it again from the events, as
// the execution that first ran them did. The file around this data (the
// scenario, variant, options it belongs to, a checksum) is the tool's
// (tools/checkpoint_file.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace mmcheck {

// The data does not describe a state the strategy can be in.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateWriter {
 public:
  void put(std::int64_t v) { data_.push_back(v); }
  void put_bool(bool b) { data_.push_back(b ? 1 : 0); }
  const std::vector<std::int64_t>& data() const { return data_; }

 private:
  std::vector<std::int64_t> data_;
};

// Every read is checked: past the end, or outside the range the caller
// allows, throws CheckpointError naming what was being read.
class StateReader {
 public:
  explicit StateReader(const std::vector<std::int64_t>& data) : data_(data) {}
  std::int64_t get(std::int64_t lo, std::int64_t hi, const char* what);
  bool get_bool(const char* what) { return get(0, 1, what) != 0; }
  bool at_end() const { return pos_ == data_.size(); }
  // Throws unless every value was read.
  void expect_end() const;

 private:
  const std::vector<std::int64_t>& data_;
  std::size_t pos_ = 0;
};

// The exploration's own figures at the boundary, with the strategy's state.
struct ExplorationState {
  long executions = 0;
  long abandoned = 0;
  long events = 0;
  long max_depth = 0;
  double elapsed_s = 0;  // of the runs before, added to the resumed run's
  std::map<std::string, long> coverage;
  std::set<std::string> threads_without_steps;
  std::vector<std::int64_t> strategy;  // Strategy::save_state
};

}  // namespace mmcheck
