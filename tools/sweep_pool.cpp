#include "tools/sweep_pool.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "checker/engine/explorer.hpp"
#include "checker/engine/scenario.hpp"
#include "scenarios/hugetlb/mix.hpp"
#include "checker/explore/strategies.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck {
namespace {

volatile sig_atomic_t g_stop = 0;
void on_stop_signal(int) { g_stop = 1; }

// FNV-1a, 64 bits: a short stable name for a mix's trace file.
std::string fnv_hex(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

bool write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// A task that ended without a verdict, with why.
SweepRecord incomplete_record(const SweepTask& task, const std::string& why) {
  SweepRecord r;
  r.mix = task.mix;
  r.variant = task.variant;
  r.verdict = Verdict::incomplete;
  r.message = why;
  return r;
}

// A worker: reads task numbers, one per line, and answers each with its
// journal line, until its input closes.
[[noreturn]] void worker_main(int in_fd, int out_fd, const std::vector<SweepTask>& tasks,
                              const SweepRunOptions& options) {
  // The parent decides when to stop; a terminal's SIGINT reaches the whole
  // process group.
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_IGN);
  std::string buf;
  char chunk[256];
  for (;;) {
    const auto nl = buf.find('\n');
    if (nl != std::string::npos) {
      const long i = std::stol(buf.substr(0, nl));
      buf.erase(0, nl + 1);
      const SweepTask& task = tasks[static_cast<std::size_t>(i)];
      SweepRecord r;
      try {
        r = run_sweep_task(task, options);
      } catch (const std::exception& e) {  // e.g. the trace folder is not writable
        r = incomplete_record(task, e.what());
      }
      if (!write_all(out_fd, sweep_line(r).dump() + "\n")) _exit(1);
      continue;
    }
    const ssize_t n = ::read(in_fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(0);
    buf.append(chunk, static_cast<std::size_t>(n));
  }
}

struct Worker {
  pid_t pid = -1;
  int to = -1;     // task numbers go here
  int from = -1;   // journal lines come back here
  long task = -1;  // in flight, or -1
  std::string buf;
};

}  // namespace

std::string sweep_trace_path(const SweepTask& task, const SweepRunOptions& options) {
  return options.trace_dir + "/mix-" + fnv_hex(task.mix) + "." + task.variant + ".json";
}

SweepRecord run_sweep_task(const SweepTask& task, const SweepRunOptions& options) {
  SweepRecord r;
  r.mix = task.mix;
  r.variant = task.variant;
  const scenarios::hugetlb::Mix mix = scenarios::hugetlb::parse_mix(task.mix);
  r.ops = scenarios::hugetlb::total_ops(mix);
  r.threads = static_cast<int>(mix.threads.size());
  const ScenarioSpec* spec = find_scenario("mix");
  ScenarioConfig config;
  config.variant = task.variant;
  config.text = task.mix;
  ExploreOptions eo = options_for(*spec, {options.max_steps, std::nullopt});
  eo.time_limit_s = options.time_limit_s;
  auto strategy = make_strategy(StrategyOptions{});
  const ExploreResult result = explore(*spec, config, *strategy, eo);
  r.verdict = result.verdict();
  r.executions = result.executions;
  r.complete = result.complete;
  r.elapsed_s = result.elapsed_s;
  if (result.violation) {
    r.kind = std::string(to_string(result.violation->kind));
    r.message = result.violation->message;
    r.trace = sweep_trace_path(task, options);
    write_json_atomically(r.trace, trace_json(result, TraceOptions{result.strategy, eo.max_steps, 0,
                                                                   false, std::nullopt}));
  } else if (!result.complete) {
    r.message = result.strategy_failure.empty() ? "stopped by " + std::string(to_string(result.stopped_by))
                                                : result.strategy_failure;
  }
  return r;
}

PoolOutcome run_sweep_pool(const std::vector<SweepTask>& tasks, int jobs,
                           const SweepRunOptions& options,
                           const std::function<void(const SweepRecord&)>& on_result,
                           const std::function<void()>& on_idle) {
  PoolOutcome outcome;
  g_stop = 0;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll returns EINTR
  struct sigaction old_int {}, old_term {}, old_hup {};
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  sigaction(SIGHUP, &sa, &old_hup);
  signal(SIGPIPE, SIG_IGN);

  std::fflush(nullptr);  // nothing buffered is written twice by the children
  std::vector<Worker> workers;
  const int n = std::max(1, std::min<int>(jobs, static_cast<int>(tasks.size())));
  for (int i = 0; i < n && !tasks.empty(); ++i) {
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0) throw std::runtime_error("sweep: pipe failed");
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("sweep: fork failed");
    if (pid == 0) {
      for (const Worker& w : workers) {
        close(w.to);
        close(w.from);
      }
      close(down[1]);
      close(up[0]);
      worker_main(down[0], up[1], tasks, options);
    }
    close(down[0]);
    close(up[1]);
    workers.push_back(Worker{pid, down[1], up[0], -1, {}});
  }

  std::size_t next = 0, done = 0;
  const auto hand_out = [&](Worker& w) {
    if (next >= tasks.size() || g_stop) return;
    w.task = static_cast<long>(next++);
    if (!write_all(w.to, std::to_string(w.task) + "\n")) w.task = -1;
  };
  for (Worker& w : workers) hand_out(w);
  while (done < tasks.size() && !g_stop) {
    std::vector<pollfd> fds;
    for (const Worker& w : workers) fds.push_back(pollfd{w.from, POLLIN, 0});
    const int ready = poll(fds.data(), fds.size(), 250);
    if (ready < 0 && errno != EINTR) break;
    if (on_idle) on_idle();
    if (ready <= 0) continue;
    for (std::size_t i = 0; i < workers.size(); ++i) {
      Worker& w = workers[i];
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)) || w.from < 0) continue;
      char chunk[4096];
      const ssize_t got = ::read(w.from, chunk, sizeof chunk);
      if (got <= 0) {
        // The worker died (it never does on purpose): its task is lost, as
        // an incomplete result that says so.
        if (w.task >= 0) {
          on_result(incomplete_record(tasks[w.task], "the worker process died"));
          ++done;
        }
        close(w.from);
        w.from = -1;
        w.task = -1;
        continue;
      }
      w.buf.append(chunk, static_cast<std::size_t>(got));
      for (auto nl = w.buf.find('\n'); nl != std::string::npos; nl = w.buf.find('\n')) {
        const std::string line = w.buf.substr(0, nl);
        w.buf.erase(0, nl + 1);
        const auto r = parse_sweep_line(line);
        on_result(r ? *r : incomplete_record(tasks[w.task], "the worker answered with an unreadable line"));
        ++done;
        w.task = -1;
        hand_out(w);
      }
    }
    bool any_alive = false;
    for (const Worker& w : workers) any_alive |= w.from >= 0;
    if (!any_alive) break;
  }
  outcome.stopped_by_signal = g_stop != 0;
  for (Worker& w : workers) {
    if (outcome.stopped_by_signal) kill(w.pid, SIGKILL);  // only our own children, by pid
    close(w.to);
    if (w.from >= 0) close(w.from);
    int status = 0;
    while (waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  sigaction(SIGHUP, &old_hup, nullptr);
  return outcome;
}

}  // namespace mmcheck
