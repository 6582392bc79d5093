// Default names for objects of the idiomatic layers (kernel.h, std_like.hpp)
// when the user gives none: what the object is and where it was declared.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include "checker/core/source_loc.hpp"

namespace mmcheck::detail {

// "spinlock (refobj.cpp:14)". The file is its base name: a user's build may
// carry absolute paths, and a trace must not. The line is in parentheses so
// that lock-order checking, which drops trailing instance numbers from a
// name to get its class ("pmd0" is class "pmd"), keeps it.
inline std::string located(std::string_view what, const Loc& loc) {
  const char* file = loc.file_name();
  if (const char* slash = std::strrchr(file, '/')) file = slash + 1;
  return std::string(what) + " (" + file + ":" + std::to_string(loc.line()) + ")";
}

// The name an initialiser macro gives the object it is handed: the source
// text of its argument without a leading `&` ("&obj->lock" -> "obj->lock"),
// which is how the kernel's lockdep names a lock class.
inline std::string from_expression(const char* text) {
  std::string_view s(text);
  while (!s.empty() && (s.front() == '&' || s.front() == ' ' || s.front() == '(')) s.remove_prefix(1);
  while (!s.empty() && s.back() == ')' && s.find('(') == std::string_view::npos) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace mmcheck::detail
