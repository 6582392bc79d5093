// Writing a file whole or not at all, on every exit path.
//
// The text goes to an unnamed file in the target's folder (O_TMPFILE) that
// is linked into place only when it is complete, so a process killed while
// writing, even by SIGKILL, leaves nothing behind. Where the file system
// has no unnamed files the fallback is FILE.tmp.PID, then rename; a signal
// handler that ends the process removes it with
// remove_pending_temporary_file().
#pragma once

#include <string>

namespace mmcheck {

// Throws TraceError with one sentence naming the path and the reason, the
// errno in words ("no space left on device"), or that a folder on the way
// is a file, or that the target is a folder.
void write_file_atomically(const std::string& path, const std::string& text);

// Why `path` could never be written, checked before a long run: "it is a
// directory", "/etc/passwd is not a directory"; empty when it looks fine.
std::string why_unwritable(const std::string& path);

// Async-signal-safe: unlinks the FILE.tmp.PID being written, if any.
void remove_pending_temporary_file() noexcept;

}  // namespace mmcheck
