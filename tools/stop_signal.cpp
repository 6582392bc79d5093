#include "tools/stop_signal.hpp"

#include <unistd.h>

#include "traces/atomic_write.hpp"

namespace mmcheck {
namespace {

constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};

std::atomic<bool> stop_requested{false};
std::atomic<int> first_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the flags are set from a signal handler");

// Only async-signal-safe calls here.
void on_signal(int signo) {
  int none = 0;
  if (first_signal.compare_exchange_strong(none, signo)) {
    stop_requested.store(true);
    return;
  }
  remove_pending_temporary_file();
  _exit(128 + signo);
}

}  // namespace

StopOnSignals::StopOnSignals() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // a write interrupted by the first signal goes on
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &sa, &previous_[i]);
}

StopOnSignals::~StopOnSignals() {
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &previous_[i], nullptr);
}

const std::atomic<bool>* StopOnSignals::flag() { return &stop_requested; }

int StopOnSignals::signal_number() { return first_signal.load(); }

}  // namespace mmcheck
