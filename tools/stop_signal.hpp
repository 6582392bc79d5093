// Stopping a long exploration cleanly on SIGINT, SIGTERM or SIGHUP.
//
// The first of these signals only requests a stop: the explorer polls the
// flag between executions (ExploreOptions::stop_requested), so the run ends
// at the next execution boundary with verdict `incomplete` and stopped_by
// "signal", prints its summary, finishes any trace it is writing, and exits
// 3 (or 1 if it found a violation). A second one ends the process at once
// with 128 + the signal's number (130 for SIGINT), after removing the
// temporary file of a trace being written. For `run`, and for any command
// that explores (sweep) in the same way.
#pragma once

#include <atomic>
#include <csignal>

namespace mmcheck {

class StopOnSignals {
 public:
  // Installs the handlers; the destructor puts back the ones before.
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  // What ExploreOptions::stop_requested points to.
  static const std::atomic<bool>* flag();
  // The signal that asked for the stop, or 0.
  static int signal_number();

 private:
  struct sigaction previous_[3];
};

}  // namespace mmcheck
