// The results of `mmcheck sweep`: one record per (mix, variant), its JSON
// line (which doubles as the --resume journal and the input of `sweep
// merge`), and the matrix printed from a set of records.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checker/core/verdict.hpp"

namespace mmcheck {

inline constexpr const char* kSweepFormat = "mmcheck-sweep";
inline constexpr int kSweepVersion = 1;

struct SweepRecord {
  std::string mix;      // the mix's text
  std::string variant;
  int ops = 0;          // operations over all threads (for "smallest first")
  int threads = 0;
  Verdict verdict = Verdict::incomplete;
  std::string kind;     // the violation kind, or empty
  std::string message;  // the violation's message, or why it is incomplete
  long executions = 0;
  bool complete = false;
  double elapsed_s = 0;
  std::string trace;    // the counterexample file, or empty

  std::string key() const { return mix + "\t" + variant; }
};

nlohmann::json sweep_line(const SweepRecord& r);
// A record from one journal line; nothing if the line is not one (a torn
// last line of a killed sweep, or another program's output).
std::optional<SweepRecord> parse_sweep_line(const std::string& line);

// Smallest first: operations, threads, text, then variant.
bool sweep_order(const SweepRecord& a, const SweepRecord& b);

// Prints the per-variant matrix, the violating mixes (at most `list_limit`
// per variant, smallest first; negative: all) and the closing line
// "N mixes, M violations, K incomplete". The records must be distinct.
void print_sweep_matrix(std::vector<SweepRecord> records, long list_limit);

struct SweepTotals {
  long mixes = 0, violations = 0, incomplete = 0;
};
SweepTotals sweep_totals(const std::vector<SweepRecord>& records);

// Reads a journal: every valid line, in file order, and the byte length of
// the file up to the end of its last valid line (what a resumed sweep keeps).
struct Journal {
  std::vector<SweepRecord> records;
  long valid_bytes = 0;
  long bad_lines = 0;
};
// Throws UsageError naming the file when it exists but cannot be read.
Journal read_journal(const std::string& path, bool must_exist);

}  // namespace mmcheck
