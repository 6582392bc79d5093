// Construction and setup of the modelled state; variant switches.
// Lock order: none taken; setup runs before the threads start (poke only).
#include "model/state.hpp"

namespace mmcheck::model {

std::optional<Variant> variant_switches(const std::string& name) {
  Variant v;
  v.name = name;
  if (name == "before" || name == "reverted") return v;  // v5.6; v5.0 after the reverts
  v.fault_holds_i_mmap_rwsem = true;
  v.hugetlb_unmap_under_i_mmap_write = true;
  if (name == "patch1") {  // c0d0381ade79 alone: the stray huge_pte_alloc stays
    v.fault_stray_unlocked_huge_pte_alloc = true;
    return v;
  }
  v.i_size_under_i_mmap_rwsem = true;
  v.i_mmap_asserts = true;        // 34ae204f1851
  if (name == "after") return v;  // v5.7 with 34ae204f1851
  if (name == "pud-lock") {       // + Peter Xu's 2023 huge_pmd_share fix
    v.pmd_share_populates_under_pud_lock = true;
    return v;
  }
  if (name == "v5.10" || name == "v5.11") {
    v.mapping_lock_write_trylock_only = true;  // 336bf30eb765
    // + "mm/hugetlb: fix deadlock in hugetlb_cow error path" (v5.11-rc1)
    if (name == "v5.11") v.cow_unlocks_around_unmap_ref_private = true;
    return v;
  }
  if (name == "v6.1" || name == "v6.x" || name == "v6.x-fixed") {
    // v6.1 reverted the fault's i_mmap_rwsem and i_size under it (188a39725ad7,
    // 3a47c54f09c4), kept the rmap part and its write asserts (huge_pmd_unshare:
    // i_mmap_assert_write_locked + hugetlb_vma_assert_locked), 336bf30eb765 and
    // the hugetlb_cow unlock (now around the vma_lock).
    v.fault_holds_i_mmap_rwsem = false;
    v.i_size_under_i_mmap_rwsem = false;
    v.hugetlb_vma_lock = true;
    v.mapping_lock_write_trylock_only = true;
    v.cow_unlocks_around_unmap_ref_private = true;
    v.punch_hole_zeroes_partial_page = true;
    if (name == "v6.1") return v;
    v.pmd_share_populates_under_pud_lock = true;  // Peter Xu, 2023
    v.cow_unlocks_pagecache_page_first = true;    // Gavin Guo, 2025
    if (name == "v6.x-fixed") v.migration_rmp_locked = true;
    return v;
  }
  v.i_mmap_write_under_page_lock = true;
  if (name == "naive") return v;  // v5.7 with the 2018 plain i_mmap_lock_write
  v.evict_holds_i_mmap_write = true;
  if (name == "v5.0-rc1") return v;  // b43a99900559 + c86aa7bbfd55
  return std::nullopt;
}

const std::vector<std::string>& hugetlb_variants() {
  static const std::vector<std::string> names{"before", "patch1", "after", "v6.1"};
  return names;
}

PmdPage::PmdPage(const std::string& name, int ptrs_per_pmd)
    : page(name, Lifetime::State::unallocated),
      refcount(name + ".refcount", 0, &page),
      ptl(name + ".ptl", &page) {
  for (int i = 0; i < ptrs_per_pmd; ++i)
    entry.emplace_back(name + ".entry[" + std::to_string(i) + "]", 0, &page);
}

HugePage::HugePage(const std::string& name)
    : refcount(name + ".refcount", 0),
      mapcount(name + ".mapcount", 0),
      PG_locked(name + ".PG_locked"),
      PagePrivate(name + ".PagePrivate", false) {}

AddressSpace::AddressSpace(int pages, long size) : i_size("mapping.i_size", size) {
  for (int i = 0; i < pages; ++i) {
    page_cache.emplace_back("mapping.page_cache[" + std::to_string(i) + "]", kNone);
    resv_map.emplace_back("mapping.resv_map[" + std::to_string(i) + "]", false);
  }
}

MmStruct::MmStruct(const std::string& n)
    : name(n),
      pud("mm" + n + ".pud", kNone),
      page_table_lock("mm" + n + ".page_table_lock"),
      hugetlb_usage("mm" + n + ".hugetlb_usage", 0),
      nr_pmds("mm" + n + ".nr_pmds", 0) {}

VmArea::VmArea(const std::string& n, int m)
    : mm(m),
      vm_flags("vma" + n + ".vm_flags", 0),
      vm_private_data("vma" + n + ".vm_private_data", 0) {}

World::World(const WorldConfig& c)
    : v(c.variant),
      ptrs_per_pmd(c.ptrs_per_pmd),
      check_ptep_owner(c.check_ptep_owner),
      private_mappings(c.private_mappings),
      pages_migrate(c.pages_migrate),
      mapping(c.ptrs_per_pmd, c.i_size) {
  static const char* const names[kMaxMms] = {"F", "S", "T", "U"};
  for (int i = 0; i < c.ptrs_per_pmd; ++i)
    hugetlb_fault_mutex_table.emplace_back("hugetlb_fault_mutex[" + std::to_string(i) + "]");
  for (int m = 0; m < c.mms && m < kMaxMms; ++m) {
    mm.emplace_back(names[m]);
    vma.emplace_back(names[m], m);
    vma_lock.emplace_back(names[m]);
  }
  for (int i = 0; i < c.pmd_pool; ++i) pmd.emplace_back("pmd" + std::to_string(i), c.ptrs_per_pmd);
  for (int i = 0; i < c.page_pool; ++i) page.emplace_back("page" + std::to_string(i));
  ghost.pmd_taken.assign(c.pmd_pool, false);
  h.nr_huge_pages.poke(c.page_pool);
  h.free_huge_pages.poke(c.page_pool);
}

void World::setup_mappings_and_reservations() {
  unsigned all = 0;
  for (std::size_t i = 0; i < vma.size(); ++i) {
    vma[i].vm_flags.poke(VM_MAYSHARE);
    all |= 1u << i;
    if (v.hugetlb_vma_lock) {  // hugetlb_vma_lock_alloc at mmap (v6.1)
      vma_lock[i].attached.poke(true);
      vma_lock[i].vma.poke(static_cast<int>(i));
    }
  }
  mapping.i_mmap.poke(all);
  const long size = mapping.i_size.peek();
  for (long i = 0; i < size; ++i) mapping.resv_map[i].poke(true);
  h.resv_huge_pages.poke(size);
}

int World::setup_pmd(int m) {
  MmStruct& mmr = mm[m];
  int p = mmr.pud.peek();
  if (p == kNone) {
    p = 0;
    while (ghost.pmd_taken[p]) ++p;
    ghost.pmd_taken[p] = true;
    pmd[p].page.allocate();  // outside a thread: no step
    pmd[p].refcount.poke(1);
    mmr.pud.poke(p);
    mmr.nr_pmds.poke(mmr.nr_pmds.peek() + 1);
  }
  return p;
}

int World::setup_private_fork(int parent, int child, int idx) {
  vma[parent].vm_private_data.poke(HPAGE_RESV_OWNER);
  for (int m : {parent, child}) mapping.i_mmap.poke(mapping.i_mmap.peek() | (1u << m));
  const int pg = ghost.next_page++;
  HugePage& hp = page[pg];
  hp.index = idx;
  hp.anon = true;
  h.free_huge_pages.poke(h.free_huge_pages.peek() - 1);
  for (int m : {parent, child}) {
    const int p = setup_pmd(m);
    hp.refcount.poke(hp.refcount.peek() + 1);
    hp.mapcount.poke(hp.mapcount.peek() + 1);
    pmd[p].entry[idx].poke(huge_pte_wrprotect(make_huge_pte(pg)));
  }
  mm[parent].hugetlb_usage.poke(mm[parent].hugetlb_usage.peek() + 1);
  mm[child].hugetlb_usage.poke(mm[child].hugetlb_usage.peek() + 1);
  return pg;
}

int World::setup_pagecache_page(int idx) {
  const int pg = ghost.next_page++;
  HugePage& hp = page[pg];
  hp.index = idx;
  hp.refcount.poke(1);  // the page cache's reference
  mapping.page_cache[idx].poke(pg);
  mapping.i_blocks.poke(mapping.i_blocks.peek() + 1);
  h.free_huge_pages.poke(h.free_huge_pages.peek() - 1);
  return pg;
}

int World::setup_fault(int m, int idx) {
  MmStruct& mmr = mm[m];
  const int p = setup_pmd(m);
  int pg = kNone;
  if (mapping.page_cache[idx].peek() == kNone) {
    pg = setup_pagecache_page(idx);
    if (mapping.resv_map[idx].peek()) h.resv_huge_pages.poke(h.resv_huge_pages.peek() - 1);
    mapping.resv_map[idx].poke(true);
  } else {
    pg = mapping.page_cache[idx].peek();
  }
  HugePage& hp = page[pg];
  hp.refcount.poke(hp.refcount.peek() + 1);  // the pte's reference
  hp.mapcount.poke(hp.mapcount.peek() + 1);
  pmd[p].entry[idx].poke(make_huge_pte(pg));
  mmr.hugetlb_usage.poke(mmr.hugetlb_usage.peek() + 1);
  return pg;
}

void World::setup_share(int m, int with) {
  const int p = mm[with].pud.peek();
  mm[m].pud.poke(p);
  mm[m].nr_pmds.poke(mm[m].nr_pmds.peek() + 1);
  pmd[p].refcount.poke(pmd[p].refcount.peek() + 1);
}

}  // namespace mmcheck::model
