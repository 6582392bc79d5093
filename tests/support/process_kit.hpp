// A child mmcheck process the test can signal, stop and wait for: started
// in a sandbox's work folder with stdout and stderr going to files.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace mmcheck::testing {

class ChildProcess {
 public:
  // `env` entries are NAME=VALUE, added to the environment of the child.
  ChildProcess(const std::string& cwd, const std::vector<std::string>& args,
               const std::vector<std::string>& env, const std::string& out_file,
               const std::string& err_file)
      : out_file_(out_file), err_file_(err_file) {
    pid_ = fork();
    if (pid_ == 0) {
      if (chdir(cwd.c_str()) != 0) _exit(120);
      if (!freopen(out_file.c_str(), "w", stdout) || !freopen(err_file.c_str(), "w", stderr))
        _exit(121);
      for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
      std::vector<char*> argv;
      static std::string bin = MMCHECK_BIN;
      argv.push_back(bin.data());
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
      _exit(122);
    }
  }
  ~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  pid_t pid() const { return pid_; }
  void signal(int signo) const { kill(pid_, signo); }
  std::string out() const { return read_text(out_file_); }
  std::string err() const { return read_text(err_file_); }

  // Waits until stderr contains `text` (true) or the time is up (false).
  bool wait_for_stderr(const std::string& text, double seconds = 60) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (err().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // Waits until the child stops itself (SIGSTOP); false if it ended instead.
  bool wait_until_stopped() {
    int status = 0;
    if (waitpid(pid_, &status, WUNTRACED) != pid_) return false;
    if (WIFSTOPPED(status)) return true;
    reaped_ = true;
    status_ = status;
    return false;
  }

  // The exit code (0 to 255), or 256 + the signal that ended it.
  int wait_for_exit() {
    if (!reaped_) {
      int status = 0;
      while (waitpid(pid_, &status, 0) == pid_ && WIFSTOPPED(status)) {
      }
      reaped_ = true;
      status_ = status;
    }
    if (WIFEXITED(status_)) return WEXITSTATUS(status_);
    if (WIFSIGNALED(status_)) return 256 + WTERMSIG(status_);
    return -1;
  }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string out_file_;
  std::string err_file_;
};

}  // namespace mmcheck::testing
