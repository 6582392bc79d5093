#include "tools/perfetto_tracks.hpp"

#include <algorithm>
#include <numeric>

namespace mmcheck {
namespace {

// Outer slices first: by start, and of two with one start the longer.
std::vector<std::size_t> outer_first(const std::vector<Slice>& slices) {
  std::vector<std::size_t> order(slices.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (slices[a].ts != slices[b].ts) return slices[a].ts < slices[b].ts;
    return slices[a].dur > slices[b].dur;
  });
  return order;
}

// One track's open slices, as their ends, innermost last. `fits` drops the
// slices that ended by `ts` and says whether [ts, end) goes inside the rest.
struct OpenStack {
  std::vector<long> ends;
  bool fits(long ts, long end) {
    while (!ends.empty() && ends.back() <= ts) ends.pop_back();
    return ends.empty() || end <= ends.back();
  }
};

}  // namespace

std::vector<int> nesting_layers(const std::vector<Slice>& slices) {
  std::vector<int> layer(slices.size(), 0);
  std::vector<OpenStack> layers;
  for (const std::size_t i : outer_first(slices)) {
    const long end = slices[i].ts + slices[i].dur;
    std::size_t l = 0;
    while (l < layers.size() && !layers[l].fits(slices[i].ts, end)) ++l;
    if (l == layers.size()) layers.emplace_back();
    layers[l].ends.push_back(end);
    layer[i] = static_cast<int>(l);
  }
  return layer;
}

bool slices_nest(const std::vector<Slice>& slices) {
  OpenStack open;
  for (const std::size_t i : outer_first(slices)) {
    const long end = slices[i].ts + slices[i].dur;
    if (!open.fits(slices[i].ts, end)) return false;
    open.ends.push_back(end);
  }
  return true;
}

}  // namespace mmcheck
