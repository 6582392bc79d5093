// Reading and writing mmcheck trace files (see schema.json beside this file).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "checker/engine/explorer.hpp"

namespace mmcheck {

inline constexpr const char* kTraceFormat = "mmcheck-trace";
// Version 2 (issue 15) added each event's `owner` (the Lifetime its object
// lives in) and the granting step as a rwsem_wake's `value`. Version 1
// traces are still read and replayed; their events simply carry neither.
inline constexpr int kTraceVersion = 2;
inline constexpr int kOldestTraceVersion = 1;

// A trace file that cannot be used: names the file and what is wrong.
struct TraceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct TraceOptions {
  std::string strategy;
  long max_steps = 0;
  std::uint64_t seed = 0;
  bool lockdep = false;  // lock-order checking was on
  std::optional<long> preemption_bound;  // dfs with --preemption-bound
};

struct TraceFile {
  std::string scenario;
  std::string variant;
  Params params;
  std::string text;  // the scenario's text argument (e.g. the mix), or empty
  int version = kTraceVersion;
  std::string checker_version;
  TraceOptions options;
  nlohmann::json verdict;  // {"kind", "message", "thread", "step", "location"}
  std::vector<std::string> threads;
  std::vector<ScheduleEntry> schedule;
  nlohmann::json events;  // kept as written, for exact comparison
  // The whole document, checked: what the views (`mmcheck show`) draw.
  nlohmann::json document;
};

// No trace mmcheck writes comes near this; larger files are refused unread.
inline constexpr long long kMaxTraceBytes = 1LL << 30;

// The JSON of one event, exactly as a trace of `version` stores it (replay
// compares a version-1 file with what version 1 recorded).
nlohmann::json event_json(const Event& e, const ExecutionRecord& record,
                          int version = kTraceVersion);
nlohmann::json location_json(const SourceLoc& loc);
nlohmann::json verdict_json(const Violation& v);
// The lock-order chain a lock_order verdict relied on (for replay).
std::vector<LockWitness> lock_chain_of(const nlohmann::json& verdict);

nlohmann::json trace_json(const ExploreResult& result, const TraceOptions& options);

// Writes the file whole or not at all (a temporary file, then rename).
// Throws TraceError naming the path when it cannot.
void write_json_atomically(const std::string& path, const nlohmann::json& doc);

// Throws TraceError naming the path and the first problem found: the field
// and its value (trace_read.cpp says what is checked). A trace it returns
// is safe for replay and every view.
TraceFile read_trace(const std::string& path);
// The same for a trace held in memory; `name` stands for the file.
TraceFile parse_trace(std::string_view text, const std::string& name);

}  // namespace mmcheck
