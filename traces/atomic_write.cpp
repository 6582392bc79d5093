#include "traces/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <csignal>
#include <filesystem>

#include "traces/trace_io.hpp"

namespace mmcheck {
namespace {

namespace fs = std::filesystem;

// The named temporary file being written, for a signal handler to remove.
// One write at a time: the command line writes its traces one by one.
char pending_path[4096];
std::atomic<bool> pending{false};

std::string errno_words(int err) {
  std::string s = std::strerror(err);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

[[noreturn]] void fail(const std::string& path, const std::string& why) {
  throw TraceError("cannot write trace file " + path + ": " + why);
}

// Why the folder for `path` cannot be made: the first part of it that
// exists and is not a folder, or the errno.
std::string folder_problem(const fs::path& folder, const std::error_code& ec) {
  for (fs::path p = folder; !p.empty(); p = p.parent_path()) {
    std::error_code e;
    const fs::file_status st = fs::status(p, e);
    if (!e && fs::exists(st) && !fs::is_directory(st))
      return p.string() + " is not a directory";
    if (p == p.parent_path()) break;
  }
  return "cannot create the folder " + folder.string() + " (" + errno_words(ec.value()) + ")";
}

// Writes all of text to fd; false with errno set on failure.
bool write_all(int fd, const std::string& text) {
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

// A test hook: MMCHECK_TEST_STOPS_IN_WRITE=N stops the process (SIGSTOP) N
// times once the text is written and before it is linked into place, so
// tests can kill or signal a run exactly while it writes a trace.
void test_stops_in_write() {
  const char* n = std::getenv("MMCHECK_TEST_STOPS_IN_WRITE");
  for (int i = n != nullptr ? std::atoi(n) : 0; i > 0; --i) std::raise(SIGSTOP);
}

// FILE.tmp.PID files that processes killed outright (SIGKILL) left behind
// where there are no unnamed files: removed by the next write of FILE.
void remove_stale_temporaries(const fs::path& folder, const std::string& target_name) {
  std::error_code ec;
  const std::string prefix = target_name + ".tmp.";
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const long n = std::atol(pid.c_str());
    if (n > 0 && ::kill(static_cast<pid_t>(n), 0) != 0 && errno == ESRCH)
      fs::remove(entry.path(), ec);
  }
}

void set_pending(const std::string& tmp) {
  if (tmp.size() >= sizeof pending_path) return;
  std::memcpy(pending_path, tmp.c_str(), tmp.size() + 1);
  pending.store(true);
}

void clear_pending() { pending.store(false); }

}  // namespace

std::string why_unwritable(const std::string& path) {
  const fs::path target(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) return "it is a directory";
  for (fs::path p = target.parent_path(); !p.empty(); p = p.parent_path()) {
    const fs::file_status st = fs::status(p, ec);
    if (!ec && fs::exists(st)) return fs::is_directory(st) ? "" : p.string() + " is not a directory";
    if (p == p.parent_path()) break;
  }
  return "";
}

void remove_pending_temporary_file() noexcept {
  if (pending.load()) ::unlink(pending_path);
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const fs::path target(path);
  std::error_code ec;
  if (const std::string why = why_unwritable(path); !why.empty()) fail(path, why);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (target.has_parent_path() && !fs::is_directory(folder, ec)) {
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder)) fail(path, folder_problem(folder, ec));
  }
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());

  // An unnamed file first; a named temporary where there are none.
  int fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  const bool unnamed = fd >= 0;
  if (!unnamed) {
    remove_stale_temporaries(folder, target.filename().string());
    set_pending(tmp);
    fd = ::open(tmp.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) {
      const int err = errno;
      clear_pending();
      fail(path, errno_words(err));
    }
  }
  const auto give_up = [&](int err) {
    ::close(fd);
    if (!unnamed) {
      ::unlink(tmp.c_str());
      clear_pending();
    }
    fail(path, errno_words(err));
  };
  if (!write_all(fd, text) || ::fsync(fd) != 0) give_up(errno);
  test_stops_in_write();
  if (unnamed) {
    // Linked straight to its name when there is none yet; else beside it,
    // then renamed over the old file.
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      ::close(fd);
      return;
    }
    if (errno != EEXIST) give_up(errno);
    set_pending(tmp);
    ::unlink(tmp.c_str());  // a stale one of an earlier process with this pid
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      const int err = errno;
      clear_pending();
      give_up(err);
    }
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    clear_pending();
    fail(path, errno_words(err));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    clear_pending();
    fail(path, errno_words(err));
  }
  clear_pending();
}

}  // namespace mmcheck
