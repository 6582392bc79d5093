// Reading a trace file: every field replay and the views use is checked
// here, once, against its type, its range and the trace's own tables, so
// that nothing downstream can crash on a file mmcheck accepted. A refusal is
// one sentence that names the file, the field and the value.
//
// What is checked, and why:
// - the file is a regular file of at most kMaxTraceBytes (a directory, a
//   FIFO that never ends, or a file larger than any trace is refused before
//   parsing);
// - the JSON nests at most kMaxTraceDepth levels (copying, comparing and
//   printing nlohmann values recurse; a trace needs 4);
// - integers are range-checked in 64 bits before they are narrowed, so a
//   schedule thread 4294967296 is refused, never read as 0;
// - thread ids (events, schedule, verdict) are bounded by the `threads`
//   table, which is itself at most kMaxThreads long and numbered 0, 1, ...;
//   event steps are their positions, which the views use as indices.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "traces/trace_io.hpp"

namespace mmcheck {

using nlohmann::json;

namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
constexpr std::int64_t kLineMax = std::numeric_limits<unsigned>::max();

// A value as the error shows it: short, on one line.
std::string shown(const json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

std::string type_words(json::value_t t) {
  switch (t) {
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "true or false";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    default: return "a whole number";
  }
}

bool has_type(const json& v, json::value_t t) {
  if (t == json::value_t::number_integer) return v.is_number_integer();
  return v.type() == t;
}

// Typed, range-checked access to the fields of one trace document. `where`
// is the path of the object a field belongs to: "", "checker", "events[3]".
class FieldReader {
 public:
  explicit FieldReader(std::string name) : name_(std::move(name)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw TraceError("trace " + name_ + " is invalid: " + what);
  }

  static std::string path(const std::string& where, const std::string& key) {
    return where.empty() ? key : where + "." + key;
  }

  // The field, or null when it is absent (and optional).
  const json* find(const json& obj, const std::string& where, const char* key,
                   json::value_t type, bool required) const {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (!required) return nullptr;
      fail((where.empty() ? std::string("the trace") : where) + " needs a field '" + key +
           "' of type " + json(type).type_name() + " (" + type_words(type) + ")");
    }
    if (!has_type(*it, type))
      fail((where.empty() ? std::string("the trace") : where) + " needs a field '" + key +
           "' of type " + json(type).type_name() + " (" + type_words(type) + "), not " +
           shown(*it));
    return &*it;
  }

  const json& need(const json& obj, const std::string& where, const char* key,
                   json::value_t type) const {
    return *find(obj, where, key, type, true);
  }

  std::string text(const json& obj, const std::string& where, const char* key) const {
    return need(obj, where, key, json::value_t::string).get<std::string>();
  }

  // A whole number in [lo, hi], checked before it is narrowed.
  std::int64_t integer(const json& v, const std::string& field, std::int64_t lo,
                       std::int64_t hi, const std::string& range_words = "") const {
    if (!v.is_number_integer()) fail(field + " must be a whole number, not " + shown(v));
    bool in_range = false;
    if (v.is_number_unsigned()) {
      const std::uint64_t u = v.get<std::uint64_t>();
      in_range = hi >= 0 && u <= static_cast<std::uint64_t>(hi) &&
                 (lo <= 0 || u >= static_cast<std::uint64_t>(lo));
    } else {
      in_range = v.get<std::int64_t>() >= lo && v.get<std::int64_t>() <= hi;
    }
    if (!in_range)
      fail(field + " is " + shown(v) + "; " +
           (range_words.empty() ? "it must be a whole number from " + std::to_string(lo) +
                                      " to " + std::to_string(hi)
                                : range_words));
    return v.get<std::int64_t>();
  }

  std::int64_t integer(const json& obj, const std::string& where, const char* key,
                       std::int64_t lo, std::int64_t hi,
                       const std::string& range_words = "") const {
    return integer(need(obj, where, key, json::value_t::number_integer), path(where, key), lo,
                   hi, range_words);
  }

  std::optional<std::int64_t> optional_integer(const json& obj, const std::string& where,
                                               const char* key, std::int64_t lo,
                                               std::int64_t hi,
                                               const std::string& range_words = "") const {
    const json* v = find(obj, where, key, json::value_t::number_integer, false);
    if (v == nullptr) return std::nullopt;
    return integer(*v, path(where, key), lo, hi, range_words);
  }

  std::optional<bool> optional_boolean(const json& obj, const std::string& where,
                                       const char* key) const {
    const json* v = find(obj, where, key, json::value_t::boolean, false);
    if (v == nullptr) return std::nullopt;
    return v->get<bool>();
  }

  const json& object_at(const json& v, const std::string& where) const {
    if (!v.is_object()) fail(where + " must be an object, not " + shown(v));
    return v;
  }

  // {"file", "line", "function"}, when present.
  void location(const json& obj, const std::string& where, const char* key) const {
    const json* loc = find(obj, where, key, json::value_t::object, false);
    if (loc == nullptr) return;
    const std::string at = path(where, key);
    text(*loc, at, "file");
    text(*loc, at, "function");
    integer(*loc, at, "line", 0, kLineMax);
  }

  // "it must name a thread of the trace's table, 0 to 2" (or -1 too).
  std::string thread_words(std::size_t threads, bool none_allowed) const {
    if (threads == 0)
      return none_allowed ? "the trace has no threads, so it must be -1"
                          : "the trace has no threads";
    return "the trace has " + std::to_string(threads) + " thread" +
           (threads == 1 ? "" : "s") + ", so it must be " + (none_allowed ? "-1 or " : "") +
           "from 0 to " + std::to_string(threads - 1);
  }

 private:
  std::string name_;
};

// A JSON value nested deeper than this is refused while parsing.
constexpr int kMaxTraceDepth = 32;

json parse_document(std::string_view text, const std::string& name) {
  const json::parser_callback_t limit_depth = [&name](int depth, json::parse_event_t event,
                                                      json&) {
    if ((event == json::parse_event_t::object_start ||
         event == json::parse_event_t::array_start) &&
        depth >= kMaxTraceDepth)
      throw TraceError("trace " + name + " is invalid: its JSON nests more than " +
                       std::to_string(kMaxTraceDepth) +
                       " levels deep (a trace needs 4); it is not a trace mmcheck wrote");
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), limit_depth);
  } catch (const json::exception& e) {
    // "[json.exception.parse_error.101] parse error at ..." without the tag.
    std::string why = e.what();
    if (const auto close = why.find("] "); why.rfind("[json.", 0) == 0 && close != std::string::npos)
      why = why.substr(close + 2);
    throw TraceError("trace " + name + " is not valid JSON (" + why + ")");
  }
}

// Source locations point to static strings; those read back from a file are
// kept for the life of the process (replay reads one trace).
const char* intern(const std::string& s) {
  static std::set<std::string> pool;
  return pool.insert(s).first->c_str();
}

SourceLoc location_of(const json& j) {
  if (!j.is_object()) return {};
  return SourceLoc{intern(j.value("file", "")), intern(j.value("function", "")),
                   j.value("line", 0u)};
}

std::vector<LockWitness> read_chain(const FieldReader& r, const json& verdict) {
  std::vector<LockWitness> chain;
  const json* list = r.find(verdict, "verdict", "chain", json::value_t::array, false);
  if (list == nullptr) return chain;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "verdict.chain[" + std::to_string(i) + "]";
    const json& w = r.object_at((*list)[i], at);
    LockWitness x;
    x.from = r.text(w, at, "from");
    x.to = r.text(w, at, "to");
    x.from_read = r.need(w, at, "from_read", json::value_t::boolean).get<bool>();
    x.to_read = r.need(w, at, "to_read", json::value_t::boolean).get<bool>();
    x.thread = r.text(w, at, "thread");
    x.execution = r.integer(w, at, "execution", 1, kInt64Max);
    x.held_step = r.integer(w, at, "held_step", -1, kInt64Max);
    x.step = r.integer(w, at, "step", -1, kInt64Max);
    r.location(w, at, "held_location");
    r.location(w, at, "location");
    if (w.contains("held_location")) x.held_loc = location_of(w["held_location"]);
    if (w.contains("location")) x.loc = location_of(w["location"]);
    chain.push_back(std::move(x));
  }
  return chain;
}

void check_verdict(const FieldReader& r, const json& v, std::size_t threads,
                   std::size_t events) {
  if (v.is_null()) return;
  if (!v.is_object()) r.fail("verdict must be null or an object, not " + shown(v));
  const std::string kind = r.text(v, "verdict", "kind");
  if (!violation_kind_from(kind))
    r.fail("verdict.kind is \"" + kind +
           "\", which is not a violation kind (assertion, invariant, deadlock, data_race, "
           "use_after_free, lock_order, step_bound, exception)");
  r.text(v, "verdict", "message");
  r.integer(v, "verdict", "thread", -1, static_cast<std::int64_t>(threads) - 1,
            r.thread_words(threads, true));
  r.integer(v, "verdict", "step", -1, static_cast<std::int64_t>(events),
            "the trace has " + std::to_string(events) + " events, so it must be from -1 to " +
                std::to_string(events));
  r.location(v, "verdict", "location");
  read_chain(r, v);
}

void check_events(const FieldReader& r, const json& events, std::size_t threads) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string at = "events[" + std::to_string(i) + "]";
    const json& e = r.object_at(events[i], at);
    const auto index = static_cast<std::int64_t>(i);
    r.integer(e, at, "step", index, index,
              "the events must be numbered 0, 1, 2, ... in order, so it must be " +
                  std::to_string(i));
    r.integer(e, at, "thread", 0, static_cast<std::int64_t>(threads) - 1,
              r.thread_words(threads, false));
    const std::string op = r.text(e, at, "op");
    const std::optional<OpKind> kind = op_kind_from(op);
    if (!kind)
      r.fail(at + ".op is \"" + op.substr(0, 40) + "\", which is not an operation mmcheck records");
    r.find(e, at, "object", json::value_t::string, false);
    if (r.find(e, at, "owner", json::value_t::string, false) && !e.contains("object"))
      r.fail(at + " has an owner but no object");
    r.optional_boolean(e, at, "ok");
    if (*kind == OpKind::rwsem_wake) {
      // The granting release: an earlier step, which the views index.
      if (i == 0 && e.contains("value"))
        r.fail(at + " is a rwsem_wake with a value, but no earlier step can have granted it");
      r.optional_integer(e, at, "value", 0, index - 1,
                         "it names the earlier step whose release granted the wake, so it must "
                         "be from 0 to " + std::to_string(i - 1));
    } else {
      r.optional_integer(e, at, "value", std::numeric_limits<std::int64_t>::min(), kInt64Max);
    }
    r.optional_integer(e, at, "value2", std::numeric_limits<std::int64_t>::min(), kInt64Max);
    r.location(e, at, "location");
  }
}

TraceFile check_document(json doc, const std::string& name) {
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kTraceFormat)
    throw TraceError("trace " + name + " is not an mmcheck trace (no \"format\": \"" +
                     kTraceFormat + "\")");
  using vt = json::value_t;
  const FieldReader r(name);
  const json& version = r.need(doc, "", "version", vt::number_integer);
  if (!(version.is_number_integer() && version >= kOldestTraceVersion && version <= kTraceVersion))
    throw TraceError("trace " + name + " has version " + shown(version) +
                     "; this mmcheck reads versions " + std::to_string(kOldestTraceVersion) +
                     " to " + std::to_string(kTraceVersion));
  TraceFile t;
  t.version = version.get<int>();
  t.scenario = r.text(doc, "", "scenario");
  t.variant = r.text(doc, "", "variant");
  for (const auto& [k, v] : r.need(doc, "", "params", vt::object).items()) {
    if (!v.is_number_integer())
      r.fail("parameter " + k.substr(0, 40) + " is not an integer: " + shown(v));
    t.params[k] = r.integer(v, "params." + k.substr(0, 40),
                            std::numeric_limits<std::int64_t>::min(), kInt64Max);
  }
  // The scenario's text argument (the operation mix of `run mix`), if any.
  if (const json* text = r.find(doc, "", "text", vt::string, false)) t.text = text->get<std::string>();
  const json& checker = r.need(doc, "", "checker", vt::object);
  t.checker_version = r.text(checker, "checker", "version");
  t.options.strategy = r.text(checker, "checker", "strategy");
  t.options.max_steps = r.integer(checker, "checker", "max_steps", 1, kInt64Max);
  const json& seed = r.need(checker, "checker", "seed", vt::number_integer);
  if (seed.is_number_unsigned()) {
    t.options.seed = seed.get<std::uint64_t>();
  } else {
    t.options.seed = static_cast<std::uint64_t>(r.integer(
        seed, "checker.seed", 0, kInt64Max, "it must be a whole number from 0 to 18446744073709551615"));
  }
  t.options.lockdep = r.optional_boolean(checker, "checker", "lockdep").value_or(false);
  if (auto b = r.optional_integer(checker, "checker", "preemption_bound", 0, kInt64Max))
    t.options.preemption_bound = *b;
  r.optional_integer(doc, "", "preemptions", 0, kInt64Max);

  const json& threads = r.need(doc, "", "threads", vt::array);
  if (threads.size() > static_cast<std::size_t>(kMaxThreads))
    r.fail("threads has " + std::to_string(threads.size()) + " entries; mmcheck runs at most " +
           std::to_string(kMaxThreads) + " threads");
  for (std::size_t i = 0; i < threads.size(); ++i) {
    const std::string at = "threads[" + std::to_string(i) + "]";
    const json& th = r.object_at(threads[i], at);
    const auto id = static_cast<std::int64_t>(i);
    r.integer(th, at, "id", id, id,
              "the threads must be numbered 0, 1, 2, ... in order, so it must be " +
                  std::to_string(i));
    t.threads.push_back(r.text(th, at, "name"));
  }
  const std::size_t nthreads = t.threads.size();
  const json& schedule = r.need(doc, "", "schedule", vt::array);
  for (std::size_t i = 0; i < schedule.size(); ++i) {
    const std::string at = "schedule[" + std::to_string(i) + "]";
    const json& s = r.object_at(schedule[i], at);
    ScheduleEntry e;
    e.thread = static_cast<ThreadId>(r.integer(s, at, "thread", 0,
                                               static_cast<std::int64_t>(nthreads) - 1,
                                               r.thread_words(nthreads, false)));
    if (auto c = r.optional_integer(s, at, "choice", 0, kIntMax)) e.choice = static_cast<int>(*c);
    t.schedule.push_back(e);
  }
  const json& events = r.need(doc, "", "events", vt::array);
  if (events.size() != t.schedule.size())
    r.fail("it has " + std::to_string(t.schedule.size()) + " schedule entries but " +
           std::to_string(events.size()) + " events");
  check_events(r, events, nthreads);
  // Notes (what model code named: a fault's ptep) stand beside a step.
  if (const json* notes = r.find(doc, "", "notes", vt::array, false)) {
    for (std::size_t i = 0; i < notes->size(); ++i) {
      const std::string at = "notes[" + std::to_string(i) + "]";
      const json& n = r.object_at((*notes)[i], at);
      r.integer(n, at, "step", -1, static_cast<std::int64_t>(events.size()) - 1,
                "the trace has " + std::to_string(events.size()) +
                    " events, so it must be from -1 to " + std::to_string(events.size() - 1));
      r.integer(n, at, "thread", 0, static_cast<std::int64_t>(nthreads) - 1,
                r.thread_words(nthreads, false));
      r.text(n, at, "name");
      r.text(n, at, "value");
    }
  }
  if (!doc.contains("verdict")) r.fail("the trace needs a field 'verdict' (null or an object)");
  check_verdict(r, doc["verdict"], nthreads, events.size());
  t.verdict = doc["verdict"];
  t.events = events;
  t.document = std::move(doc);
  return t;
}

}  // namespace

std::vector<LockWitness> lock_chain_of(const json& verdict) {
  if (!verdict.is_object() || !verdict.contains("chain")) return {};
  // read_trace checked it; a verdict from elsewhere is checked the same way.
  return read_chain(FieldReader("(a verdict)"), verdict);
}

TraceFile parse_trace(std::string_view text, const std::string& name) {
  return check_document(parse_document(text, name), name);
}

TraceFile read_trace(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw TraceError("cannot read trace " + path + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode))
    throw TraceError("cannot read trace " + path + ": it is a directory, not a trace file");
  if (!S_ISREG(st.st_mode))
    throw TraceError("cannot read trace " + path + ": it is not a regular file");
  if (st.st_size > kMaxTraceBytes)
    throw TraceError("cannot read trace " + path + ": it is " + std::to_string(st.st_size) +
                     " bytes; mmcheck reads traces of up to " + std::to_string(kMaxTraceBytes) +
                     " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError("cannot read trace " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw TraceError("cannot read trace " + path + ": " + std::strerror(errno));
  return parse_trace(text.str(), path);
}

}  // namespace mmcheck
