// What the hugetlb scenarios share: the variants, the PTRS_PER_PMD
// parameter, and an instance base that builds the modelled World for the
// variant being explored.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/sync/api.hpp"
#include "checker/engine/scenario.hpp"
#include "model/hugetlb.hpp"

namespace mmcheck::scenarios::hugetlb {

inline ParamSpec ptrs_per_pmd_param() {
  return {"PTRS_PER_PMD", 2, 2, 4, "entries of a PMD page-table page (huge pages per PUD window)"};
}

inline model::Variant variant_of(const ScenarioConfig& c) {
  auto v = model::variant_switches(c.variant);
  if (!v) throw std::invalid_argument("unknown hugetlb variant " + c.variant);
  return *v;
}

inline model::WorldConfig world_config(const ScenarioConfig& c, int mms) {
  model::WorldConfig wc;
  wc.variant = variant_of(c);
  wc.ptrs_per_pmd = static_cast<int>(c.param("PTRS_PER_PMD"));
  wc.mms = mms;
  wc.i_size = wc.ptrs_per_pmd;
  wc.pmd_pool = 3;
  wc.page_pool = 4;
  return wc;
}

// A one-mm world where page-cache pages migrate: page0, index 1's
// reservation, and one page for the migration target.
inline model::WorldConfig migrate_world(const ScenarioConfig& c) {
  model::WorldConfig wc = world_config(c, 1);
  wc.pages_migrate = true;
  wc.page_pool = 3;
  return wc;
}

// A two-mm world of MAP_PRIVATE mappings (F the parent, S the child) with
// `page_pool` huge pages.
inline model::WorldConfig private_world(const ScenarioConfig& c, int page_pool) {
  model::WorldConfig wc = world_config(c, 2);
  wc.private_mappings = true;
  wc.page_pool = page_pool;
  return wc;
}

}  // namespace mmcheck::scenarios::hugetlb
