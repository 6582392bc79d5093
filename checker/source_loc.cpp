#include "checker/source_loc.hpp"

#include <cstring>

namespace mmcheck {

const char* SourceLoc::relative_path(const char* path) {
  // Files of this project live under these top-level folders; anything in
  // front of them is the checkout's location, which a trace must not carry.
  static constexpr const char* kRoots[] = {"checker/", "model/", "scenarios/", "tools/",
                                           "tests/",   "traces/"};
  // A build through ccache with base_dir set compiles with relative paths
  // ("../model/fault.cpp"): those are stripped the same way.
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
