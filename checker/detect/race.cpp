#include "checker/engine/runtime.hpp"
#include "checker/sync/variable.hpp"

namespace mmcheck::detail {
namespace {

std::string access_text(const Runtime& r, const char* what, ThreadId t, long step,
                        const SourceLoc& loc) {
  std::string s = std::string(what) + " by " + r.thread_name(t) + " at step " +
                  std::to_string(step);
  if (loc.line != 0)
    s += " (" + std::string(SourceLoc::relative_path(loc.file)) + ":" +
         std::to_string(loc.line) + ")";
  return s;
}

void report_race(const Object& o, const Event& now, const char* now_what, const char* then_what,
                 ThreadId then_thread, long then_step) {
  Runtime& r = rt();
  const SourceLoc& then_loc = r.events()[then_step].loc;
  r.report(ViolationKind::data_race,
           "data race on " + o.name() + ": " +
               access_text(r, now_what, now.thread, now.step, now.loc) + " and " +
               access_text(r, then_what, then_thread, then_step, then_loc) +
               " are not ordered by happens-before",
           now.loc);
}

}  // namespace

void RaceState::on_read(const Object& o, const Event& e) {
  Runtime& r = rt();
  const VectorClock& c = r.clock();
  if (writer_ != kNoThread && writer_ != e.thread && write_clock_ > c[writer_])
    report_race(o, e, "load", "store", writer_, write_step_);
  read_clock_[e.thread] = c[e.thread];
  read_step_[e.thread] = e.step;
}

void RaceState::on_write(const Object& o, const Event& e) {
  Runtime& r = rt();
  const VectorClock& c = r.clock();
  if (writer_ != kNoThread && writer_ != e.thread && write_clock_ > c[writer_])
    report_race(o, e, "store", "store", writer_, write_step_);
  for (ThreadId t = 0; t < r.thread_count(); ++t) {
    if (t != e.thread && read_clock_[t] != 0 && read_clock_[t] > c[t])
      report_race(o, e, "store", "load", t, read_step_[t]);
  }
  writer_ = e.thread;
  write_clock_ = c[e.thread];
  write_step_ = e.step;
  read_clock_.fill(0);
}

}  // namespace mmcheck::detail
