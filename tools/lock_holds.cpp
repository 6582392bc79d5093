#include <map>
#include <utility>

#include "tools/show.hpp"

namespace mmcheck {

using nlohmann::json;

std::string event_text(const json& e) {
  const std::string op = e.value("op", "?");
  std::string s = op;
  if (e.contains("object")) s += " " + e["object"].get<std::string>();
  if (e.contains("value")) {
    s += " = " + std::to_string(e["value"].get<long>());
    if (e.contains("value2")) {
      s += op == "choose" ? " of " + std::to_string(e["value2"].get<long>())
                          : " -> " + std::to_string(e["value2"].get<long>());
    }
  }
  if (e.contains("ok") && !e["ok"].get<bool>())
    s += (op == "down_read" || op == "down_write") ? " (queued)" : " (failed)";
  return s;
}

std::vector<LockHold> lock_holds(const json& events) {
  std::vector<LockHold> holds;
  std::map<std::pair<int, std::string>, std::size_t> open;  // (thread, lock) -> hold
  // A queued rwsem request: the mode it will hold once woken.
  std::map<std::pair<int, std::string>, std::string> queued;
  const auto begin = [&](int t, const std::string& lock, const std::string& mode, long step) {
    open[{t, lock}] = holds.size();
    holds.push_back({t, lock, mode, step, -1});
  };
  const auto end = [&](int t, const std::string& lock, long step) {
    auto it = open.find({t, lock});
    if (it == open.end()) return;
    holds[it->second].to = step;
    open.erase(it);
  };
  for (const json& e : events) {
    const std::string op = e.value("op", "");
    if (!e.contains("object")) continue;
    const std::string lock = e["object"].get<std::string>();
    const int t = e.value("thread", 0);
    const long step = e.value("step", 0L);
    const bool ok = e.value("ok", true);
    if (op == "lock" || (op == "trylock" && ok)) {
      begin(t, lock, "lock", step);
    } else if (op == "down_read" || op == "down_write") {
      const std::string mode = op == "down_read" ? "read" : "write";
      if (ok) begin(t, lock, mode, step);
      else queued[{t, lock}] = mode;
    } else if (op == "rwsem_wake") {
      begin(t, lock, queued[{t, lock}], step);
    } else if ((op == "down_read_trylock" || op == "down_write_trylock") && ok) {
      begin(t, lock, op == "down_read_trylock" ? "read" : "write", step);
    } else if (op == "unlock" || op == "up_read" || op == "up_write") {
      end(t, lock, step);
    } else if (op == "downgrade_write") {
      end(t, lock, step);
      begin(t, lock, "read", step);
    }
  }
  return holds;
}

}  // namespace mmcheck
