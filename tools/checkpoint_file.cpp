#include "tools/checkpoint_file.hpp"

#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "tools/exit_codes.hpp"
#include "traces/atomic_write.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "mmcheck-checkpoint";
constexpr int kVersion = 1;

std::string checksum_of(const json& j) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : j.dump()) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

[[noreturn]] void bad(const std::string& path, const std::string& why) {
  throw UsageError{"checkpoint " + path + " " + why};
}

long get_count(const json& j, const char* key, const std::string& path) {
  if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<std::int64_t>() < 0)
    bad(path, std::string("has no valid \"") + key + "\" (a non-negative integer)");
  return j[key].get<long>();
}

}  // namespace

json checkpoint_identity(const std::string& scenario, const std::string& variant,
                         const std::string& strategy, long max_steps, const json& params,
                         const std::string& mix, long preemption_bound) {
  return json{{"scenario", scenario}, {"variant", variant},   {"strategy", strategy},
              {"max_steps", max_steps}, {"params", params}, {"mix", mix},
              {"preemption_bound", preemption_bound}};
}

void write_checkpoint(const std::string& path, const json& identity,
                      const ExplorationState& state) {
  json j{{"format", kFormat},
         {"version", kVersion},
         {"checker_version", MMCHECK_VERSION},
         {"run", identity},
         {"executions", state.executions},
         {"abandoned", state.abandoned},
         {"events", state.events},
         {"max_depth", state.max_depth},
         {"elapsed_s", state.elapsed_s},
         {"coverage", state.coverage},
         {"threads_without_steps", state.threads_without_steps},
         {"state", state.strategy}};
  j["checksum"] = checksum_of(j);
  try {
    write_file_atomically(path, j.dump() + "\n");
  } catch (const TraceError& e) {
    // The writer names the file a trace; here it is a checkpoint.
    std::string why = e.what();
    const std::string prefix = "cannot write trace file ";
    if (why.rfind(prefix, 0) == 0) why = "cannot write checkpoint " + why.substr(prefix.size());
    throw TraceError(why);
  }
}

ExplorationState read_checkpoint(const std::string& path, const json& identity) {
  std::ifstream in(path);
  if (!in) bad(path, "cannot be read (it does not exist or is not readable)");
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) bad(path, "cannot be read (is it a directory?)");
  const json j = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    bad(path, "is corrupt: it is not a JSON object (cut short or overwritten?)");
  if (!j.contains("format") || j["format"] != kFormat)
    bad(path, "is not an mmcheck checkpoint (its \"format\" is not \"mmcheck-checkpoint\")");
  if (!j.contains("checksum") || !j["checksum"].is_string())
    bad(path, "is corrupt: it has no checksum");
  json rest = j;
  rest.erase("checksum");
  if (checksum_of(rest) != j["checksum"].get<std::string>())
    bad(path, "is corrupt: its checksum does not match its content");
  if (!j.contains("version") || j["version"] != kVersion)
    bad(path, "has checkpoint format version " + (j.contains("version") ? j["version"].dump() : "none") +
                  ", and this checker reads version " + std::to_string(kVersion));
  if (!j.contains("checker_version") || j["checker_version"] != MMCHECK_VERSION)
    bad(path, "was written by checker version " +
                  (j.contains("checker_version") ? j["checker_version"].dump() : "none") +
                  ", not by this one (" + MMCHECK_VERSION + ")");
  if (!j.contains("run") || !j["run"].is_object()) bad(path, "has no \"run\" object");
  // In the order a reader would look for the difference.
  for (const char* key :
       {"scenario", "variant", "strategy", "max_steps", "params", "mix", "preemption_bound"}) {
    const json& want = identity.at(key);
    const json& run = j["run"];
    const json got = run.contains(key) ? run[key] : json();
    if (got != want)
      bad(path, std::string("is of another run: its ") + key + " is " + got.dump() + ", this run's is " +
                    want.dump());
  }
  ExplorationState s;
  s.executions = get_count(j, "executions", path);
  s.abandoned = get_count(j, "abandoned", path);
  s.events = get_count(j, "events", path);
  s.max_depth = get_count(j, "max_depth", path);
  if (!j.contains("elapsed_s") || !j["elapsed_s"].is_number() || j["elapsed_s"].get<double>() < 0)
    bad(path, "has no valid \"elapsed_s\"");
  s.elapsed_s = j["elapsed_s"].get<double>();
  try {
    s.coverage = j.at("coverage").get<std::map<std::string, long>>();
    s.threads_without_steps = j.at("threads_without_steps").get<std::set<std::string>>();
    s.strategy = j.at("state").get<std::vector<std::int64_t>>();
  } catch (const json::exception&) {
    bad(path, "has an invalid \"coverage\", \"threads_without_steps\" or \"state\"");
  }
  return s;
}

}  // namespace mmcheck
