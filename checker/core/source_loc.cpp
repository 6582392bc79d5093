#include "checker/core/source_loc.hpp"

#include <cstring>

namespace mmcheck {

const char* SourceLoc::relative_path(const char* path) {
  // Files of this project live under these top-level folders; anything in
  // front of them is the checkout's location, which a trace must not carry.
  static constexpr const char* kRoots[] = {"checker/", "model/", "scenarios/", "tools/",
                                           "tests/",   "traces/"};
  // Relative paths too: ccache with base_dir rewrites the compiler's paths
  // to ones relative to the build folder ("../model/fault.cpp"), which the
  // build's -ffile-prefix-map then no longer matches.
  if (path == nullptr) return "";
  if (path[0] != '/' && path[0] != '.') return path;
  const char* best = nullptr;
  for (const char* root : kRoots) {
    for (const char* p = std::strstr(path, root); p != nullptr; p = std::strstr(p + 1, root)) {
      if (p > path && p[-1] == '/') best = (best == nullptr || p > best) ? p : best;
    }
  }
  return best != nullptr ? best : path;
}

}  // namespace mmcheck
