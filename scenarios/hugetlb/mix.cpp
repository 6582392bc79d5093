// Operation mixes: the text form, its parser, the rules a runnable mix
// obeys, and the symmetry that gives equivalent mixes one text.
//
// Lock order: none (no model code runs here).
#include "scenarios/hugetlb/mix.hpp"

#include <algorithm>
#include <cctype>

namespace mmcheck::scenarios::hugetlb {
namespace {

const char* const kMmNames[kMixMaxMms] = {"F", "S", "T", "U"};

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    parts.push_back(trim(s.substr(start, at == std::string::npos ? std::string::npos : at - start)));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

int mm_of(const std::string& name) {
  for (int m = 0; m < kMixMaxMms; ++m)
    if (name == kMmNames[m]) return m;
  return -1;
}

// A small non-negative decimal number, or -1.
int number(const std::string& s) {
  if (s.empty() || s.size() > 2) return -1;
  int n = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

MixOp parse_op(const std::string& text, const std::string& mix) {
  const auto bad = [&](const std::string& why) {
    return MixError("mix '" + mix + "': operation '" + text + "' " + why);
  };
  static const MixOpKind kinds[] = {MixOpKind::fault,   MixOpKind::exit,    MixOpKind::truncate,
                                    MixOpKind::punch,   MixOpKind::memfail, MixOpKind::migrate};
  for (MixOpKind k : kinds) {
    const std::string name = op_name(k);
    if (text.compare(0, name.size(), name) != 0) continue;
    const std::string arg = text.substr(name.size());
    MixOp op{k, 0, 0};
    if (k == MixOpKind::exit) {
      if (!arg.empty()) throw bad("takes no argument (write 'exit')");
      return op;
    }
    if (k == MixOpKind::punch) {
      const auto dash = arg.find('-');
      op.a = dash == std::string::npos ? -1 : number(arg.substr(0, dash));
      op.b = dash == std::string::npos ? -1 : number(arg.substr(dash + 1));
      if (op.a < 0 || op.b < 0) throw bad("needs a range START-END, as in punch0-2");
      return op;
    }
    op.a = number(arg);
    if (op.a < 0) throw bad("needs a number, as in " + name + "1");
    return op;
  }
  throw bad("is not one of fault<I>, exit, truncate<N>, punch<I>-<J>, memfail<I>, migrate<I>");
}

}  // namespace

const char* mm_name(int mm) { return mm >= 0 && mm < kMixMaxMms ? kMmNames[mm] : "?"; }

const char* op_name(MixOpKind k) {
  switch (k) {
    case MixOpKind::fault: return "fault";
    case MixOpKind::exit: return "exit";
    case MixOpKind::truncate: return "truncate";
    case MixOpKind::punch: return "punch";
    case MixOpKind::memfail: return "memfail";
    case MixOpKind::migrate: return "migrate";
  }
  return "?";
}

bool op_needs_mm(MixOpKind k) { return k == MixOpKind::fault || k == MixOpKind::exit; }

std::string op_text(const MixOp& op) {
  std::string s = op_name(op.kind);
  if (op.kind == MixOpKind::exit) return s;
  s += std::to_string(op.a);
  if (op.kind == MixOpKind::punch) s += "-" + std::to_string(op.b);
  return s;
}

std::string thread_text(const MixThread& t) {
  std::string s = t.mm >= 0 ? std::string(mm_name(t.mm)) + ":" : "";
  for (std::size_t i = 0; i < t.ops.size(); ++i) s += (i ? "," : "") + op_text(t.ops[i]);
  return s;
}

std::string to_text(const Mix& m) {
  std::string s;
  for (std::size_t mm = 0; mm < m.faulted.size(); ++mm) {
    s += (mm ? " " : "") + std::string(mm_name(static_cast<int>(mm))) + "=";
    if (m.faulted[mm] == 0) s += "-";
    for (int i = 0; i < m.ptrs; ++i)
      if (m.faulted[mm] & (1u << i)) s += std::to_string(i);
  }
  if (m.ptrs != 2) s += " ptrs=" + std::to_string(m.ptrs);
  s += " /";
  for (std::size_t t = 0; t < m.threads.size(); ++t)
    s += (t ? " | " : " ") + thread_text(m.threads[t]);
  return s;
}

Mix parse_mix(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos)
    throw MixError("mix '" + text +
                   "' has no '/': write the world, then the threads, as in "
                   "'F=- S=1 / F:fault0 | truncate1'");
  Mix m;
  for (const std::string& field : split(trim(text.substr(0, slash)), ' ')) {
    if (field.empty()) continue;
    const auto eq = field.find('=');
    if (eq == std::string::npos)
      throw MixError("mix '" + text + "': world field '" + field +
                     "' is not NAME=INDICES (as in S=1) or ptrs=N");
    const std::string key = field.substr(0, eq), value = field.substr(eq + 1);
    if (key == "ptrs") {
      m.ptrs = number(value);
      if (m.ptrs < kMixMinPtrs || m.ptrs > kMixMaxPtrs)
        throw MixError("mix '" + text + "': ptrs=" + value + " is out of range; allowed: " +
                       std::to_string(kMixMinPtrs) + ".." + std::to_string(kMixMaxPtrs));
      continue;
    }
    const int mm = mm_of(key);
    if (mm != static_cast<int>(m.faulted.size()))
      throw MixError("mix '" + text + "': world field '" + field + "' should name mm " +
                     (m.faulted.size() < kMixMaxMms ? mm_name(static_cast<int>(m.faulted.size()))
                                                    : "(none: at most 4 mms)") +
                     " (the mms are F, S, T, U, in that order)");
    unsigned mask = 0;
    if (value != "-") {
      if (value.empty())
        throw MixError("mix '" + text + "': mm " + key + " needs its faulted indices or '-'");
      for (char c : value) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
          throw MixError("mix '" + text + "': '" + value + "' (mm " + key +
                         ") is not a list of index digits or '-'");
        mask |= 1u << (c - '0');
      }
    }
    m.faulted.push_back(mask);
  }
  if (m.faulted.empty())
    throw MixError("mix '" + text + "' names no mm: its world needs at least F=INDICES");
  for (const std::string& t : split(text.substr(slash + 1), '|')) {
    if (t.empty()) throw MixError("mix '" + text + "' has an empty thread (two '|' or none)");
    MixThread th;
    std::string body = t;
    const auto colon = t.find(':');
    if (colon != std::string::npos) {
      const std::string name = trim(t.substr(0, colon));
      th.mm = mm_of(name);
      if (th.mm < 0 || th.mm >= static_cast<int>(m.faulted.size()))
        throw MixError("mix '" + text + "': thread '" + t + "' runs in mm '" + name +
                       "', which the world does not have");
      body = t.substr(colon + 1);
    }
    for (const std::string& op : split(body, ',')) {
      if (op.empty()) throw MixError("mix '" + text + "': thread '" + t + "' has an empty operation");
      th.ops.push_back(parse_op(op, text));
    }
    m.threads.push_back(th);
  }
  if (auto why = why_cannot_run(m)) throw MixError("mix '" + text + "' cannot run: " + *why);
  return m;
}

std::optional<std::string> why_cannot_run(const Mix& m) {
  const int mms = static_cast<int>(m.faulted.size());
  if (m.ptrs < kMixMinPtrs || m.ptrs > kMixMaxPtrs) return "ptrs is out of range";
  if (mms < 1 || mms > kMixMaxMms) return "it needs 1 to 4 mms";
  if (m.threads.empty()) return "it has no thread";
  unsigned present = 0;
  for (unsigned f : m.faulted) {
    if (f >> m.ptrs) return "an mm faulted an index at or beyond ptrs=" + std::to_string(m.ptrs);
    present |= f;
  }
  int inode_lock_threads = 0, memfails = 0;
  unsigned isolated = 0;  // indices whose page memory-failure or migration takes
  for (const MixThread& t : m.threads) {
    const std::string tt = "thread '" + thread_text(t) + "'";
    bool in_mm = false, inode_lock = false;
    if (t.ops.empty()) return tt + " has no operation";
    for (std::size_t i = 0; i < t.ops.size(); ++i) {
      const MixOp& op = t.ops[i];
      in_mm |= op_needs_mm(op.kind);
      switch (op.kind) {
        case MixOpKind::fault:
          if (op.a >= m.ptrs) return tt + " faults beyond the window (ptrs=" + std::to_string(m.ptrs) + ")";
          break;
        case MixOpKind::exit:
          // exit_mmap runs once the mm's last user is gone: nothing of that
          // mm runs after or beside it (kernel/fork.c mmput, v5.7).
          if (i + 1 != t.ops.size()) return tt + " runs an operation after its mm's exit";
          for (const MixThread& o : m.threads)
            if (&o != &t && o.mm == t.mm)
              return "mm " + std::string(mm_name(t.mm)) + " exits in " + tt +
                     " while another thread runs in it";
          break;
        case MixOpKind::truncate:
          if (op.a > m.ptrs) return tt + " truncates beyond the window";
          inode_lock = true;
          break;
        case MixOpKind::punch:
          if (op.a >= op.b || op.b > m.ptrs) return tt + " punches an empty or out-of-window hole";
          inode_lock = true;
          break;
        case MixOpKind::memfail:
        case MixOpKind::migrate:
          if (op.a >= m.ptrs || !(present & (1u << op.a)))
            return tt + " names index " + std::to_string(op.a) +
                   ", which no mm faulted in: it takes the page there before the threads start";
          // isolate_huge_page / get_hwpoison_page take one page once; the
          // model's ghost state keeps one poisoned page.
          if (isolated & (1u << op.a)) return "two operations take the page at index " + std::to_string(op.a);
          isolated |= 1u << op.a;
          if (op.kind == MixOpKind::memfail && ++memfails > 1) return "it has more than one memfail";
          break;
      }
    }
    if (in_mm != (t.mm >= 0))
      return tt + (in_mm ? " faults or exits but names no mm (write MM:...)"
                         : " names an mm but neither faults nor exits in it (drop the MM:)");
    // Truncation and hole punch run under inode_lock (fs/hugetlbfs/inode.c
    // hugetlbfs_setattr, hugetlbfs_punch_hole, v5.7), which the model leaves
    // out: they must be one thread's sequence.
    inode_lock_threads += inode_lock;
  }
  if (inode_lock_threads > 1)
    return "truncate and punch run in more than one thread (they hold inode_lock, which the "
           "model leaves out: put them in one thread)";
  return std::nullopt;
}

std::optional<std::string> why_variant_refuses(const Mix& m, const model::Variant& v) {
  // model/migrate.cpp models unmap_and_move_huge_page in its v5.0 (= v5.6)
  // form and its v5.0-rc1 (b43a99900559) form; the v5.7 form
  // (hugetlb_page_mapping_lock_write) is left out, so variants with
  // hugetlb_unmap_under_i_mmap_write and not the 2018 form cannot migrate.
  const bool migration_modelled = !v.hugetlb_unmap_under_i_mmap_write || v.i_mmap_write_under_page_lock;
  if (migration_modelled) return std::nullopt;
  for (const MixThread& t : m.threads)
    for (const MixOp& op : t.ops)
      if (op.kind == MixOpKind::migrate)
        return "it migrates a page, and migration is not modelled on variant " + v.name +
               " (only its v5.6 form, on variants before and reverted, and the v5.0-rc1 form)";
  return std::nullopt;
}

// Threads only: renaming mms that start alike is NOT a symmetry of the
// model. Every walk of i_mmap (hugetlb_vmdelete_list, try_to_unmap,
// huge_pmd_share) visits the VMAs in mm order F, S, T, as the kernel's
// interval tree visits them in one fixed (if arbitrary) order, and which
// sharer gets unshared first decides whether a fault's ptep goes stale:
// `F=1 S=1 / F:fault0 | truncate1` violates on before, its renaming
// `F=1 S=1 / S:fault0 | truncate1` is verified (tests/mix_test.cpp, which
// runs the unreduced enumeration, caught it).
Mix canonical(const Mix& m) {
  Mix r = m;
  std::sort(r.threads.begin(), r.threads.end(), [](const MixThread& a, const MixThread& b) {
    return thread_text(a) < thread_text(b);
  });
  return r;
}

int total_ops(const Mix& m) {
  int n = 0;
  for (const MixThread& t : m.threads) n += static_cast<int>(t.ops.size());
  return n;
}

}  // namespace mmcheck::scenarios::hugetlb
