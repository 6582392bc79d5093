// libFuzzer target: the trace reader and every view of `mmcheck show`.
// Any input either is refused with a TraceError (what `replay` and `show`
// turn into exit 2 and one sentence) or is drawn by every view without an
// exception, a crash, a leak or a hang. Built with clang by
// tests/fuzz/CMakeLists.txt; run by tests/fuzz/run.sh (see BENCHMARKS.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/show.hpp"
#include "traces/explain.hpp"
#include "traces/trace_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mmcheck;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  TraceFile trace;
  try {
    trace = parse_trace(text, "fuzz-input.json");
  } catch (const TraceError&) {
    return 0;  // refused, as it should be: replay and show exit 2
  }
  // Everything replay and the views derive from an accepted trace.
  (void)lock_chain_of(trace.verdict);
  (void)explain_violation(trace.document);
  (void)show_text(trace.document);
  (void)show_text(trace.document, ShowOptions{true, false});
  (void)show_perfetto(trace.document).dump();
  (void)show_dot(trace.document);
  (void)show_dot(trace.document, ShowOptions{true, true});
  return 0;
}
