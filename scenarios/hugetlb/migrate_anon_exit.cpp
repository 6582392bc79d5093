// migrate_anon_exit: the race 336bf30eb765 "hugetlbfs: fix anon huge page
// migration race" (v5.10; Fixes c0d0381ade79; Qian Cai's LTP move_pages12
// crash in anon_vma_interval_tree_iter_first, diagnosed by Hugh Dickins;
// kernel-reference §6.b).
//
// F mapped a hugetlbfs file MAP_PRIVATE, faulted index 0 (an anon page,
// page0, whose page->mapping is F's anon_vma) and forked S: both map page0
// write-protected; F's anon_vma tree holds a chain for F's VMA (avc0) and
// one for S's (avc1). move_pages isolated page0 (a reference). Thread
// `migrate` migrates it (unmap_and_move_huge_page); thread `exit S` tears S
// down (unmap_single_vma under i_mmap_rwsem write, then free_pgtables:
// unlink_anon_vmas under anon_vma->rwsem write frees avc1).
//
// after (v5.7 = v5.9 here): migration treats the anon page like a file
// page: hugetlb_page_mapping_lock_write finds the file through the
// anon_vma, takes i_mmap_rwsem for write, and try_to_unmap and
// remove_migration_ptes run with TTU_RMAP_LOCKED / locked = true, so
// rmap_walk_anon walks the anon_vma tree holding no anon_vma lock. The lock
// held is the file's, which unlink_anon_vmas does not take: once S's
// unmap is done (before migration's trylock), S frees avc1 while
// remove_migration_ptes walks the tree: a use after free of the chain.
//
// v5.10 (336bf30eb765): an anon page takes neither i_mmap_rwsem nor
// TTU_RMAP_LOCKED; both walks take the anon_vma lock for read, so
// unlink_anon_vmas waits for them. before (v5.6) walked the same way.
//
// The slow path of v5.7's hugetlb_page_mapping_lock_write (drop the page
// lock, wait for i_mmap_rwsem held by S's unmap, retake, check page_mapped
// and the mapping again) is reached here too; its other hazard, taking the
// rwsem of a mapping freed while the page was unlocked, needs the inode's
// lifetime, which the model leaves out (F keeps the file open).
#include "model/anon_vma.hpp"
#include "scenarios/hugetlb/common.hpp"

namespace mmcheck::scenarios::hugetlb {
namespace {

using namespace mmcheck::model;

class MigrateAnonExit : public ScenarioInstance {
 public:
  explicit MigrateAnonExit(const ScenarioConfig& c)
      : w_(private_world(c, 2)) {  // page0, the migration target
    page_ = w_.setup_private_fork(kF, kS, 0);
    setup_anon_vma_fork(w_, page_, kF, kS);
    // isolate_huge_page before the threads start: a reference.
    w_.page[page_].refcount.poke(w_.page[page_].refcount.peek() + 1);
  }

  void start() override {
    spawn("migrate", [this] { unmap_and_move_huge_page(w_, page_); });
    spawn("exit S", [this] { exit_mmap(w_, kS); });
  }

  void finish() override { check_world(w_, false, false); }

 private:
  static constexpr int kF = 0;  // the parent; never exits: its VMA keeps the anon_vma
  static constexpr int kS = 1;  // the child
  World w_;
  int page_ = 0;
};

const std::vector<std::string> kWalkCoverage = {
    "unlink_anon_vmas waits for anon_vma->rwsem held by an rmap walk",
    "rmap_walk_anon walked the tree while unlink_anon_vmas waited for anon_vma->rwsem",
    "migration moved an anon page to a new page"};

std::vector<std::string> v5_10_coverage() {
  std::vector<std::string> c = kWalkCoverage;
  c.push_back("migration unmaps an anon page without i_mmap_rwsem (336bf30eb765)");
  return c;
}

const bool registered = register_scenario(ScenarioSpec{
    .name = "migrate_anon_exit",
    .summary = "v5.7 migrates an anon hugetlb page under i_mmap_rwsem with TTU_RMAP_LOCKED, "
               "walking the anon_vma tree unlocked while the child's exit frees a chain "
               "(336bf30eb765)",
    .params = {ptrs_per_pmd_param()},
    .variants = {"before", "after", "v5.10"},
    .expectations = {{.variant = "before", .coverage = kWalkCoverage},
                     {.variant = "after",
                      .violation = true,
                      .kind = ViolationKind::use_after_free,
                      .message = "avc1.vma"},
                     {.variant = "v5.10", .coverage = v5_10_coverage()}},
    .coverage_points = {"unlink_anon_vmas waits for anon_vma->rwsem held by an rmap walk",
                        "rmap_walk_anon walked the tree while unlink_anon_vmas waited for "
                        "anon_vma->rwsem",
                        "migration moved an anon page to a new page",
                        "migration unmaps an anon page without i_mmap_rwsem (336bf30eb765)",
                        "hugetlb_page_mapping_lock_write dropped the page lock to wait for "
                        "i_mmap_rwsem"},
    .max_steps = 400,
    .make = make_instance<MigrateAnonExit>(),
});

}  // namespace
}  // namespace mmcheck::scenarios::hugetlb
