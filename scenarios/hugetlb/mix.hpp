// An operation mix: a small concurrent program over the hugetlb model,
// written as text. The initial world (how many mms, which indices each has
// faulted in, PTRS_PER_PMD) and the threads, each a short sequence of the
// model's entry points, run in one mm or in none:
//
//   F=- S=1 / F:fault0 | truncate1 | S:exit
//
// World: one `NAME=INDICES` per mm, in the model's order F, S, T, U
// (INDICES: the indices that mm faulted in before the threads start,
// ascending digits, or `-` for none), then `ptrs=N` if PTRS_PER_PMD is not
// 2. Threads, separated by `|`: `[MM:]OP,OP,...` with OP one of
//   faultI      hugetlb_fault in MM at index I (a shared mapping: read and
//               write faults take the same steps, see mix.cpp)
//   exit        exit_mmap of MM
//   truncateN   hugetlb_vmtruncate to N huge pages
//   punchI-J    hugetlbfs_punch_hole of [I, J)
//   memfailI    memory_failure of the page-cache page at index I
//   migrateI    unmap_and_move_huge_page of the page-cache page at index I
// A thread names its mm exactly when it has a fault or an exit.
//
// Model-level knowledge of the operation alphabet lives here (and in
// mix_enumerate), not in checker/ or tools/.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/variant.hpp"

namespace mmcheck::scenarios::hugetlb {

enum class MixOpKind { fault, exit, truncate, punch, memfail, migrate };

struct MixOp {
  MixOpKind kind = MixOpKind::fault;
  int a = 0;  // fault/memfail/migrate: index; truncate: new size; punch: start
  int b = 0;  // punch: end
  bool operator==(const MixOp&) const = default;
};

struct MixThread {
  int mm = -1;  // the mm it runs in, or -1
  std::vector<MixOp> ops;
};

struct Mix {
  int ptrs = 2;                   // PTRS_PER_PMD
  std::vector<unsigned> faulted;  // per mm: bitmask of the indices it faulted in
  std::vector<MixThread> threads;
};

// Bad mix text, or a mix that cannot run: one sentence naming the problem.
struct MixError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr int kMixMaxMms = 4;
inline constexpr int kMixMinPtrs = 2;
inline constexpr int kMixMaxPtrs = 4;

const char* mm_name(int mm);  // "F", "S", "T", "U"
const char* op_name(MixOpKind k);
bool op_needs_mm(MixOpKind k);
std::string op_text(const MixOp& op);
std::string thread_text(const MixThread& t);
// The mix's text in its one written form (spacing, order of fields).
std::string to_text(const Mix& m);

// Parses the text; throws MixError naming what is wrong. The result also
// passes why_cannot_run.
Mix parse_mix(const std::string& text);

// The structural rules every runnable mix obeys (kernel facts the model
// leaves out), or nothing. See mix.cpp for each rule's reason.
std::optional<std::string> why_cannot_run(const Mix& m);

// Whether the variant models every operation of the mix (migration is
// modelled only in its v5.0/v5.6 forms), or why not.
std::optional<std::string> why_variant_refuses(const Mix& m, const model::Variant& v);

// The representative of the mix's symmetry class: its threads sorted (spawn
// order is no part of a mix's meaning), so that equivalent mixes get one
// text. Mms are not renamed (see mix.cpp for why).
Mix canonical(const Mix& m);

// The number of operations over all threads.
int total_ops(const Mix& m);

}  // namespace mmcheck::scenarios::hugetlb
