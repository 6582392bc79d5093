// Names "base[i]" (or "basei" for threads) built once per process. A
// benchmark re-creates its objects and threads in every execution; building
// their names there would be a large share of what it measures (a third of
// indexer's time, by perf).
#pragma once

#include <string>
#include <vector>

namespace mmcheck::scenarios {

class IndexedNames {
 public:
  enum Style { subscript, suffix };
  IndexedNames(const std::string& base, int n, Style style = subscript) {
    for (int i = 0; i < n; ++i)
      names_.push_back(style == subscript ? base + "[" + std::to_string(i) + "]"
                                          : base + std::to_string(i));
  }
  const std::string& operator[](int i) const { return names_[i]; }

 private:
  std::vector<std::string> names_;
};

}  // namespace mmcheck::scenarios
