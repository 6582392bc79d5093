// The checkpoint file of `mmcheck run --checkpoint FILE` (issue 13): one
// JSON object holding an ExplorationState (checker/engine/checkpoint.hpp) and what
// it belongs to, so that `--resume FILE` goes on only from a state of the
// same exploration:
//   {"format": "mmcheck-checkpoint", "version": 1, "checker_version": ...,
//    "run": {"scenario", "variant", "strategy", "max_steps", "params",
//            "mix", "preemption_bound"},
//    "executions", "abandoned", "events", "max_depth", "elapsed_s",
//    "coverage": {...}, "threads_without_steps": [...],
//    "state": [integers], "checksum": "<FNV-1a 64 of the rest, hex>"}
// Written whole or not at all (traces/atomic_write.hpp), so a kill at any
// moment leaves the previous checkpoint or the new one.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "checker/engine/checkpoint.hpp"

namespace mmcheck {

// What a checkpoint must match to be resumed: the run's identity. Bounds
// that do not change what is explored (--max-executions, --time-limit) are
// not in it, so a resumed run may be given others.
nlohmann::json checkpoint_identity(const std::string& scenario, const std::string& variant,
                                   const std::string& strategy, long max_steps,
                                   const nlohmann::json& params, const std::string& mix,
                                   long preemption_bound);

// Throws TraceError naming the file and the errno when it cannot be written.
void write_checkpoint(const std::string& path, const nlohmann::json& identity,
                      const ExplorationState& state);

// Throws UsageError with one sentence naming the file and what is wrong:
// unreadable, not JSON, corrupt (checksum), another format or checker
// version, or another run (the first field of the identity that differs).
ExplorationState read_checkpoint(const std::string& path, const nlohmann::json& identity);

}  // namespace mmcheck
