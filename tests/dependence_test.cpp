// The happens-before the views draw (checker/core/dependence.hpp, through
// traces/explain.hpp's dependency_edges) is DPOR's: its transitive closure
// equals DporHb's on every golden trace and on executions of random
// programs, so a user never sees an order DPOR would reorder, or misses
// one it keeps (issue 15).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "checker/core/access.hpp"
#include "checker/core/dependence.hpp"
#include "checker/explore/dpor/dpor_hb.hpp"
#include "checker/engine/explorer.hpp"
#include "checker/explore/random_walk.hpp"
#include "dpor_random_program.hpp"
#include "tools/show.hpp"
#include "trace_recorder.hpp"
#include "traces/explain.hpp"
#include "traces/trace_events.hpp"
#include "traces/trace_io.hpp"

namespace mmcheck {
namespace {

using nlohmann::json;

// reach[j][i]: event i happens before event j, from the edges alone.
std::vector<std::vector<bool>> closure(std::size_t n, const std::vector<HappensBeforeEdge>& edges) {
  std::vector<std::vector<bool>> reach(n, std::vector<bool>(n, false));
  std::vector<std::vector<long>> preds(n);
  for (const HappensBeforeEdge& e : edges) {
    EXPECT_LT(e.from, e.to);
    preds[static_cast<std::size_t>(e.to)].push_back(e.from);
  }
  for (std::size_t j = 0; j < n; ++j) {
    for (const long p : preds[j]) {
      reach[j][static_cast<std::size_t>(p)] = true;
      for (std::size_t i = 0; i < n; ++i)
        if (reach[static_cast<std::size_t>(p)][i]) reach[j][i] = true;
    }
  }
  return reach;
}

// The first pair on which the two relations differ, or "".
std::string compare(std::span<const Event> events, const DporHb& hb) {
  const std::vector<std::vector<bool>> reach = closure(events.size(), happens_before_edges(events));
  for (std::size_t j = 0; j < events.size(); ++j)
    for (std::size_t i = 0; i < j; ++i)
      if (reach[j][i] != hb.happens_before(static_cast<int>(i), static_cast<int>(j)))
        return "steps " + std::to_string(i) + " (" + std::string(to_string(events[i].kind)) +
               ") and " + std::to_string(j) + " (" + std::string(to_string(events[j].kind)) +
               "): the views say " + (reach[j][i] ? "ordered" : "unordered") + ", dpor " +
               (reach[j][i] ? "unordered" : "ordered");
  return "";
}

// DporHb over a trace's events, the way dpor feeds it: a wake's granting
// release is the step before the wake became enabled.
DporHb dpor_hb_of(const std::vector<Event>& events) {
  DporHb hb;
  hb.reset();
  for (const Event& e : events) {
    hb.add(e, classify(e), false);
    for (const Event& w : events)
      if (w.kind == OpKind::rwsem_wake && w.value == e.step) hb.add_enabler(w.thread, static_cast<int>(e.step), w.object);
  }
  return hb;
}

TEST(Dependence, EveryGoldenTraceOrdersWhatDporOrders) {
  const auto golden = std::filesystem::path(MMCHECK_SOURCE_DIR) / "traces" / "golden";
  int traces = 0, wakes = 0, owned = 0;
  for (const auto& entry : std::filesystem::directory_iterator(golden)) {
    if (entry.path().extension() != ".json") continue;
    const TraceFile trace = read_trace(entry.path().string());
    const TraceEvents t = parse_events(trace.events);
    for (const Event& e : t.events) {
      wakes += e.kind == OpKind::rwsem_wake && e.value >= 0;
      owned += e.owner != kNoObject;
    }
    EXPECT_EQ(compare(t.events, dpor_hb_of(t.events)), "") << entry.path();
    ++traces;
  }
  EXPECT_GE(traces, 15);
  // The rules the golden traces exercise (else this test shows little).
  EXPECT_GT(wakes, 0);
  EXPECT_GT(owned, 0);
}

void random_executions(testing::ProgramShape shape, std::uint64_t first, int programs) {
  long compared = 0;
  for (std::uint64_t seed = first; seed < first + static_cast<std::uint64_t>(programs); ++seed) {
    auto program = std::make_shared<const testing::Program>(testing::random_program(seed, shape));
    RandomStrategy random(seed);
    testing::TraceRecorder recorder(random);
    std::string first_difference;
    long executions = 0;
    recorder.on_execution = [&](std::span<const Event> events, const DporHb& hb) {
      ++executions;
      if (first_difference.empty()) first_difference = compare(events, hb);
    };
    ExploreOptions options;
    options.stop_on_violation = false;
    options.max_steps = 1000;
    options.max_executions = 8;
    explore(testing::program_scenario(program, std::make_shared<testing::Outcomes>()),
            ScenarioConfig{{}, "default"}, recorder, options);
    compared += executions;
    EXPECT_EQ(first_difference, "") << "seed " << seed << "\n" << program->describe();
  }
  // Some programs end at once (an await nothing satisfies); most run.
  EXPECT_GT(compared, 3L * programs);
}

TEST(Dependence, RandomProgramsMixed) { random_executions(testing::ProgramShape::mixed, 1, 150); }
TEST(Dependence, RandomProgramsSynchronisation) {
  random_executions(testing::ProgramShape::synchronisation, 1001, 150);
}
TEST(Dependence, RandomProgramsAwaits) { random_executions(testing::ProgramShape::awaits, 2001, 100); }

// Two down_reads of one semaphore commute for DPOR; a down_read and a
// down_write do not. The explanation, the graph and DPOR agree.
json reader_writer_trace() {
  const auto ev = [](long step, int thread, const char* op, bool ok = true) {
    json e{{"step", step}, {"thread", thread}, {"op", op}, {"object", "sem"}};
    if (std::string(op).rfind("down_", 0) == 0) e["ok"] = ok;
    return e;
  };
  json trace{{"threads", json::array({json{{"id", 0}, {"name", "r0"}}, json{{"id", 1}, {"name", "r1"}},
                                      json{{"id", 2}, {"name", "w"}}})},
             {"verdict", nullptr}};
  trace["events"] = json::array({ev(0, 0, "down_read"), ev(1, 1, "down_read"), ev(2, 0, "up_read"),
                                 ev(3, 1, "up_read"), ev(4, 2, "down_write"), ev(5, 2, "up_write")});
  return trace;
}

TEST(Dependence, TwoDownReadsCommuteADownWriteDoesNot) {
  const json trace = reader_writer_trace();
  const TraceEvents t = parse_events(trace["events"]);
  EXPECT_FALSE(dependent(classify(t.events[0]), classify(t.events[1])));
  EXPECT_TRUE(dependent(classify(t.events[0]), classify(t.events[4])));
  const auto has_edge = [&](long from, long to) {
    for (const DependencyEdge& d : dependency_edges(trace["events"]))
      if (d.from == from && d.to == to) return true;
    return false;
  };
  EXPECT_FALSE(has_edge(0, 1));  // the two read acquisitions
  EXPECT_FALSE(has_edge(1, 2));
  EXPECT_TRUE(has_edge(2, 4));   // each reader's release before the writer
  EXPECT_TRUE(has_edge(3, 4));
  EXPECT_EQ(compare(t.events, dpor_hb_of(t.events)), "");
  // The dot view draws no edge between the two read acquisitions.
  const std::string dot = show_dot(trace);
  EXPECT_EQ(dot.find("s0 -> s1"), std::string::npos) << dot;
  EXPECT_NE(dot.find("s3 -> s4"), std::string::npos) << dot;
}

}  // namespace
}  // namespace mmcheck
