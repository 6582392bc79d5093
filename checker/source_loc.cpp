#include "checker/source_loc.hpp"

#include <cstring>

namespace mmcheck {

const char* SourceLoc::relative_path(const char* path) {
  // Files of this project live under these top-level folders; anything in
  // front of them is the checkout's location, which a trace must not carry.
  static constexpr const char* kRoots[] = {"checker/", "model/", "scenarios/", "tools/",
                                           "tests/",   "traces/"};
  if (path == nullptr) return "";
  // Relative paths count too when they climb out of the build folder
  // ("../model/x.cpp"): ccache with base_dir hands the compiler those, and
  // -ffile-prefix-map does not rewrite them.
  if (path[0] != '/' && path[0] != '.') return path;
  const char* best = nullptr;
  for (const char* root : kRoots) {
    const std::size_t n = std::strlen(root);
    for (const char* p = std::strstr(path, root); p != nullptr; p = std::strstr(p + 1, root)) {
      if (p > path && p[-1] == '/') best = (best == nullptr || p > best) ? p : best;
    }
    (void)n;
  }
  return best != nullptr ? best : path;
}

}  // namespace mmcheck
