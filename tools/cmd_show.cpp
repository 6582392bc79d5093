#include <algorithm>
#include <cstdio>
#include <iostream>

#include "tools/commands.hpp"
#include "tools/exit_codes.hpp"
#include "tools/trace_target.hpp"

namespace mmcheck {
namespace {

constexpr int kColumn = 34;

// "load counter = 0", "down_write mapping.i_mmap_rwsem (queued)".
std::string event_text(const nlohmann::json& e) {
  std::string s = e.value("op", "?");
  if (e.contains("object")) s += " " + e["object"].get<std::string>();
  if (e.contains("value")) {
    s += " = " + std::to_string(e["value"].get<long>());
    if (e.contains("value2") && s.rfind("choose", 0) != 0)
      s += " -> " + std::to_string(e["value2"].get<long>());
  }
  if (e.contains("ok") && !e["ok"].get<bool>())
    s += (s.rfind("down_", 0) == 0 && s.find("trylock") == std::string::npos) ? " (queued)"
                                                                                : " (failed)";
  return s;
}

std::string fit(std::string s) {
  if (static_cast<int>(s.size()) > kColumn - 1) s = s.substr(0, kColumn - 2) + "~";
  return s + std::string(kColumn - s.size(), ' ');
}

}  // namespace

int cmd_show(const ShowArgs& args) {
  const TraceFile trace = read_trace_or_usage_error(args.trace);
  if (args.format != "text")
    throw UsageError{"show --format " + args.format +
                     " is not available yet; this mmcheck shows --format text"};
  std::cout << "scenario " << trace.scenario << ", variant " << trace.variant << ", "
            << trace.events.size() << " steps\n";
  const long violating_step = trace.verdict.is_object() ? trace.verdict.value("step", -1L) : -1;
  std::string header = "step  ";
  for (std::size_t t = 0; t < trace.threads.size(); ++t)
    header += fit(std::to_string(t) + ": " + trace.threads[t]);
  std::cout << header << '\n';
  for (const auto& e : trace.events) {
    const long step = e.value("step", -1L);
    const int thread = e.value("thread", 0);
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%-4ld%s ", step, step == violating_step ? "!" : " ");
    std::string line = prefix;
    for (int t = 0; t < thread; ++t) line += std::string(kColumn, ' ');
    line += event_text(e);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << '\n';
  }
  if (trace.verdict.is_object()) {
    std::cout << "! " << trace.verdict.value("kind", "") << ": "
              << trace.verdict.value("message", "");
    if (trace.verdict.contains("location")) {
      const auto& l = trace.verdict["location"];
      std::cout << " (" << l.value("file", "") << ":" << l.value("line", 0) << ")";
    }
    std::cout << '\n';
  }
  return kExitOk;
}

}  // namespace mmcheck
