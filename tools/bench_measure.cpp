#include "tools/bench_measure.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>

extern char** environ;

namespace mmcheck::bench {
namespace {

std::vector<std::string> split(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

// The child's stdout, read whole (a benchmark prints a few hundred bytes).
std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      return out;
    }
  }
}

std::optional<Figures> parse_row(const std::string& output, const std::string& scenario,
                                 std::string& error) {
  std::map<std::string, std::size_t> column;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    const auto tokens = split(line);
    if (tokens.empty()) continue;
    if (tokens[0] == "scenario") {
      for (std::size_t i = 0; i < tokens.size(); ++i) column[tokens[i]] = i;
      continue;
    }
    if (tokens[0] != scenario || column.empty()) continue;
    auto field = [&](const char* name) -> std::optional<double> {
      const auto it = column.find(name);
      if (it == column.end() || it->second >= tokens.size()) return std::nullopt;
      try {
        return std::stod(tokens[it->second]);
      } catch (const std::exception&) {
        return std::nullopt;
      }
    };
    const auto executions = field("executions");
    if (!executions) break;
    Figures f;
    f.executions = static_cast<long>(*executions);
    f.abandoned = static_cast<long>(field("abandoned").value_or(0));
    if (const auto events = field("events")) {
      f.events = static_cast<long>(*events);
    } else if (const auto rate = field("events/s"), wall = field("wall(s)"); rate && wall) {
      f.events = static_cast<long>(*rate * *wall + 0.5);
    }
    return f;
  }
  error = "its output has no row for " + scenario + " under a header naming 'executions'";
  return std::nullopt;
}

}  // namespace

std::optional<Figures> measure(const std::string& binary, const std::vector<std::string>& args,
                               const std::string& scenario, std::string& error) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    error = std::string("cannot make a pipe: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, child_env, std::strlen(child_env)) != 0) env_strings.emplace_back(*e);
  }
  env_strings.push_back(std::string(child_env) + "=1");
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings{binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    error = "cannot start " + binary + ": " + std::strerror(rc);
    return std::nullopt;
  }
  const std::string output = read_all(out[0]);
  close(out[0]);
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = binary + " " + (WIFEXITED(status) ? "exited with " + std::to_string(WEXITSTATUS(status))
                                              : "was killed by signal " + std::to_string(WTERMSIG(status)));
    return std::nullopt;
  }
  auto figures = parse_row(output, scenario, error);
  if (!figures) {
    error = binary + ": " + error;
    return std::nullopt;
  }
  figures->cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                   static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  figures->peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return figures;
}

}  // namespace mmcheck::bench
