#include "tools/sweep_results.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "tools/exit_codes.hpp"

namespace mmcheck {

using nlohmann::json;

json sweep_line(const SweepRecord& r) {
  return json{{"format", kSweepFormat},
              {"version", kSweepVersion},
              {"mix", r.mix},
              {"variant", r.variant},
              {"ops", r.ops},
              {"threads", r.threads},
              {"verdict", to_string(r.verdict)},
              {"kind", r.kind.empty() ? json(nullptr) : json(r.kind)},
              {"message", r.message.empty() ? json(nullptr) : json(r.message)},
              {"executions", r.executions},
              {"complete", r.complete},
              {"elapsed_s", r.elapsed_s},
              {"trace", r.trace.empty() ? json(nullptr) : json(r.trace)}};
}

std::optional<SweepRecord> parse_sweep_line(const std::string& line) {
  json j;
  try {
    j = json::parse(line);
  } catch (const json::exception&) {
    return std::nullopt;
  }
  if (!j.is_object() || j.value("format", "") != kSweepFormat || j.value("version", 0) != kSweepVersion)
    return std::nullopt;
  try {
    SweepRecord r;
    r.mix = j.at("mix").get<std::string>();
    r.variant = j.at("variant").get<std::string>();
    r.ops = j.at("ops").get<int>();
    r.threads = j.at("threads").get<int>();
    const std::optional<Verdict> verdict = verdict_from(j.at("verdict").get<std::string>());
    if (!verdict) return std::nullopt;
    r.verdict = *verdict;
    if (!j.at("kind").is_null()) r.kind = j.at("kind").get<std::string>();
    if (!j.at("message").is_null()) r.message = j.at("message").get<std::string>();
    r.executions = j.at("executions").get<long>();
    r.complete = j.at("complete").get<bool>();
    r.elapsed_s = j.at("elapsed_s").get<double>();
    if (!j.at("trace").is_null()) r.trace = j.at("trace").get<std::string>();
    return r;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

bool sweep_order(const SweepRecord& a, const SweepRecord& b) {
  return std::tie(a.ops, a.threads, a.mix, a.variant) < std::tie(b.ops, b.threads, b.mix, b.variant);
}

SweepTotals sweep_totals(const std::vector<SweepRecord>& records) {
  SweepTotals t;
  std::set<std::string> mixes;
  for (const SweepRecord& r : records) {
    mixes.insert(r.mix);
    t.violations += r.verdict == Verdict::violation;
    t.incomplete += r.verdict == Verdict::incomplete;
  }
  t.mixes = static_cast<long>(mixes.size());
  return t;
}

void print_sweep_matrix(std::vector<SweepRecord> records, long list_limit) {
  std::sort(records.begin(), records.end(), sweep_order);
  struct Row {
    long mixes = 0, verified = 0, violated = 0, incomplete = 0, executions = 0, largest = 0;
    std::map<std::string, long> kinds;
  };
  std::map<std::string, Row> rows;
  std::vector<std::string> order;  // variants in order of first appearance
  for (const SweepRecord& r : records) {
    if (!rows.count(r.variant)) order.push_back(r.variant);
    Row& row = rows[r.variant];
    ++row.mixes;
    row.executions += r.executions;
    row.largest = std::max(row.largest, r.executions);
    if (r.verdict == Verdict::verified) ++row.verified;
    if (r.verdict == Verdict::incomplete) ++row.incomplete;
    if (r.verdict == Verdict::violation) {
      ++row.violated;
      ++row.kinds[r.kind];
    }
  }
  std::sort(order.begin(), order.end());
  std::printf("  %-10s %7s %9s %9s %11s %12s %9s  %s\n", "variant", "mixes", "verified", "violated",
              "incomplete", "executions", "largest", "violations by kind");
  for (const std::string& v : order) {
    const Row& row = rows[v];
    std::string kinds;
    for (const auto& [k, n] : row.kinds) kinds += (kinds.empty() ? "" : ", ") + k + " " + std::to_string(n);
    std::printf("  %-10s %7ld %9ld %9ld %11ld %12ld %9ld  %s\n", v.c_str(), row.mixes, row.verified,
                row.violated, row.incomplete, row.executions, row.largest,
                kinds.empty() ? "-" : kinds.c_str());
  }
  for (const std::string& v : order) {
    const Row& row = rows[v];
    if (row.violated == 0) continue;
    std::printf("\n  %s: violating mixes, smallest first\n", v.c_str());
    long shown = 0;
    for (const SweepRecord& r : records) {
      if (r.variant != v || r.verdict != Verdict::violation) continue;
      if (list_limit >= 0 && shown == list_limit) {
        std::printf("    ... and %ld more (--list -1 or --json lists them all)\n", row.violated - shown);
        break;
      }
      ++shown;
      std::printf("    %-15s %-44s %s\n", r.kind.c_str(), r.mix.c_str(),
                  r.trace.empty() ? "(no trace)" : r.trace.c_str());
    }
  }
  for (const std::string& v : order) {
    long shown = 0;
    for (const SweepRecord& r : records)
      if (r.variant == v && r.verdict == Verdict::incomplete && shown++ < 20)
        std::printf("  %s: incomplete: %s (%s)\n", v.c_str(), r.mix.c_str(), r.message.c_str());
  }
  const SweepTotals t = sweep_totals(records);
  std::printf("%ld mixes, %ld violations, %ld incomplete\n", t.mixes, t.violations, t.incomplete);
}

Journal read_journal(const std::string& path, bool must_exist) {
  Journal j;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (must_exist) throw UsageError{"cannot read sweep results " + path + ": no such file or not readable"};
    return j;
  }
  std::string line;
  long offset = 0;
  while (std::getline(in, line)) {
    const bool whole = !in.eof();  // a line with its newline
    offset += static_cast<long>(line.size()) + (whole ? 1 : 0);
    if (line.empty()) {
      if (whole) j.valid_bytes = offset;
      continue;
    }
    if (auto r = whole ? parse_sweep_line(line) : std::nullopt) {
      j.records.push_back(*r);
      j.valid_bytes = offset;
    } else {
      ++j.bad_lines;
    }
  }
  return j;
}

}  // namespace mmcheck
