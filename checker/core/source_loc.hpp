// Where in the model or scenario code a visible operation was issued.
#pragma once

#include <source_location>
#include <string_view>

namespace mmcheck {

struct SourceLoc {
  const char* file = "";
  const char* function = "";
  unsigned line = 0;

  // Cheap: runs on every step. Paths are made relative when written out.
  static SourceLoc from(const std::source_location& l) {
    return SourceLoc{l.file_name(), l.function_name(), l.line()};
  }

  // The build maps the source root away (-ffile-prefix-map), but a file
  // compiled elsewhere may still carry an absolute path; traces must not.
  static const char* relative_path(const char* path);
};

// Every instrumented call takes one of these as its last, defaulted argument.
using Loc = std::source_location;

}  // namespace mmcheck
