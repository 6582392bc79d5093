// mix: one operation mix (scenarios/hugetlb/mix.hpp) over the hugetlb
// model, a scenario like any other: `mmcheck run mix --mix 'TEXT'`. The
// text is the scenario's text argument, so a trace records it and replay
// rebuilds the same world and threads from the trace alone.
//
// The world: every mm maps the whole window MAP_SHARED, PUD aligned, and
// every index below i_size = PTRS_PER_PMD is reserved (mmap time). The mms
// that faulted anything share one PMD page, as huge_pmd_share makes them at
// their first fault (mm/hugetlb.c v5.6/v5.7: the window is shareable); each
// faulted index has one page-cache page and one pte in that PMD page,
// charged to the first mm (F, S, T, U) that faulted it.
//
// Read and write faults: every mix mapping is MAP_SHARED, where the two
// take the same steps (mm/hugetlb.c v5.7 hugetlb_no_page makes the pte
// writable from VM_SHARED, not from the fault flags; hugetlb_fault only
// calls hugetlb_cow for a write fault on a write-protected pte, which a
// shared mapping never has), so the alphabet has one fault.
//
// Invariants, the same for every mix: invariant 1 at every write through a
// ptep (set_huge_pte_at), 5 when each truncation returns
// (hugetlb_vmtruncate), and 2-5 at the end, with "every mm exited" (rss
// zero) when every mm's exit is in the mix (model/invariants.cpp).
//
// Lock order: none of its own (the model's, per model/state.hpp).
#include <map>

#include "scenarios/hugetlb/common.hpp"
#include "scenarios/hugetlb/mix.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

model::WorldConfig mix_world(const Mix& m, const ScenarioConfig& c) {
  model::WorldConfig wc;
  wc.variant = variant_of(c);
  wc.ptrs_per_pmd = m.ptrs;
  wc.mms = static_cast<int>(m.faulted.size());
  wc.i_size = m.ptrs;
  int allocations = 0;
  for (const MixThread& t : m.threads)
    for (const MixOp& op : t.ops) {
      // A fault allocates at most one page (its -EEXIST retry finds the
      // other's); a migration one target page.
      allocations += op.kind == MixOpKind::fault || op.kind == MixOpKind::migrate;
      wc.pages_migrate |= op.kind == MixOpKind::migrate;
    }
  // Pools large enough that no allocation fails: one page per index for
  // the reservations made at mmap time (hugetlb_reserve_pages needs them
  // free) and the pages faulted in before the threads start, plus one per
  // allocation a thread may make (the model's page pool never reuses a
  // page); each mm allocates at most one PMD page.
  wc.page_pool = m.ptrs + allocations + 1;
  wc.pmd_pool = wc.mms + 1;
  return wc;
}

class MixInstance : public ScenarioInstance {
 public:
  explicit MixInstance(const ScenarioConfig& c) : mix_(parse_mix(c.text)), w_(mix_world(mix_, c)) {
    if (auto why = why_variant_refuses(mix_, w_.v)) throw MixError(*why);
    w_.setup_mappings_and_reservations();
    const int mms = static_cast<int>(mix_.faulted.size());
    int first = -1;  // the mm whose fault allocated the shared PMD page
    for (int m = 0; m < mms; ++m) {
      if (mix_.faulted[m] == 0) continue;
      if (first < 0) {
        first = m;
        w_.setup_pmd(m);
      } else {
        w_.setup_share(m, first);
      }
    }
    for (int i = 0; i < mix_.ptrs; ++i)
      for (int m = 0; m < mms; ++m)
        if (mix_.faulted[m] & (1u << i)) {
          w_.setup_fault(m, i);
          break;
        }
    for (int i = 0; i < mix_.ptrs; ++i)
      if (const int pg = w_.mapping.page_cache[i].peek(); pg != kNone) initial_pages_[i] = pg;
    for (const MixThread& t : mix_.threads)
      for (const MixOp& op : t.ops) {
        // migrate: move_pages found the page and isolated it
        // (isolate_huge_page: a reference) before the threads start.
        // memfail: the error is injected by madvise(MADV_HWPOISON), whose
        // get_user_pages_fast took a reference before the threads start
        // and hands it to memory_failure(pfn, MF_COUNT_INCREASED)
        // (mm/madvise.c v5.7 madvise_inject_error), so truncation cannot
        // free the page under memory_failure. (The model's memory_failure
        // also takes get_hwpoison_page's reference, which MF_COUNT_INCREASED
        // skips: one reference more on a poisoned page, whose refcount
        // check_world exempts, and which is never dropped in either case.)
        if (op.kind == MixOpKind::migrate || op.kind == MixOpKind::memfail) {
          const int pg = initial_page(op.a);
          w_.page[pg].refcount.poke(w_.page[pg].refcount.peek() + 1);
        }
      }
  }

  void start() override {
    std::map<std::string, int> seen;
    for (const MixThread& t : mix_.threads) {
      std::string name = thread_text(t);
      if (const int n = ++seen[name]; n > 1) name += "#" + std::to_string(n);
      spawn(name, [this, &t] { run_thread(t); });
    }
  }

  void finish() override {
    bool all_exited = true;
    for (int m = 0; m < static_cast<int>(mix_.faulted.size()); ++m) all_exited &= exits(m);
    // truncation_done: at the end no truncation is in flight, so nothing
    // may lie at or beyond i_size (without a truncation i_size is the
    // whole window and the check holds trivially).
    check_world(w_, true, all_exited);
  }

 private:
  bool exits(int mm) const {
    for (const MixThread& t : mix_.threads)
      if (t.mm == mm && t.ops.back().kind == MixOpKind::exit) return true;
    return false;
  }

  // The page-cache page at idx before the threads started (memfail and
  // migrate name the page they take by its index).
  int initial_page(int idx) const { return initial_pages_.at(idx); }

  void run_thread(const MixThread& t) {
    for (const MixOp& op : t.ops) {
      switch (op.kind) {
        case MixOpKind::fault: hugetlb_fault(w_, t.mm, op.a); break;
        case MixOpKind::exit: exit_mmap(w_, t.mm); break;
        case MixOpKind::truncate: hugetlb_vmtruncate(w_, op.a); break;
        case MixOpKind::punch: hugetlbfs_punch_hole(w_, op.a, op.b); break;
        case MixOpKind::memfail: memory_failure(w_, initial_page(op.a)); break;
        case MixOpKind::migrate: unmap_and_move_huge_page(w_, initial_page(op.a)); break;
      }
    }
  }

  Mix mix_;
  World w_;
  std::map<int, int> initial_pages_;  // index -> page, filled by the constructor
};

std::optional<std::string> validate_mix(const ScenarioConfig& c) {
  if (c.text.empty())
    return std::string("scenario mix needs its program: --mix 'TEXT', as in "
                       "--mix 'F=- S=1 / F:fault0 | truncate1' (README: operation mixes)");
  try {
    const Mix m = parse_mix(c.text);
    const auto v = model::variant_switches(c.variant);
    if (!v) return "scenario mix has no variant '" + c.variant + "'";
    if (auto why = why_variant_refuses(m, *v)) return "mix '" + c.text + "': " + *why;
  } catch (const MixError& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

const bool registered = register_scenario(ScenarioSpec{
    .name = "mix",
    .summary = "an operation mix over the hugetlb model: --mix 'WORLD / THREAD | THREAD ...' "
               "(README: operation mixes)",
    .variants = {"before", "patch1", "after", "v5.11", "naive", "v5.0-rc1", "reverted", "v6.1"},
    .text_option = "mix",
    .validate = validate_mix,
    .make = make_instance<MixInstance>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
