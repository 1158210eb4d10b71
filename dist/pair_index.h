// Scoring node pairs whose endpoints live anywhere: the endpoints' rows are gathered into a table of
// [owned rows | fetched rows], and each pair becomes two table row indices. Used for the sampled loss (new
// pairs every epoch) and for evaluation (fixed pairs, plan built once).
#pragma once

#include <span>
#include <vector>

#include "dist/row_plan.h"

namespace vgae::dist {

struct PairIndex {
  RowPlan plan;                // fetches the non-owned endpoints' rows
  std::vector<LocalId> a, b;   // table rows of each pair's endpoints
  Eigen::Index n_owned = 0;
  Eigen::Index TableRows() const { return n_owned + static_cast<Eigen::Index>(plan.NumWanted()); }
};

// Collective (builds the RowPlan).
PairIndex IndexPairs(const Comm& comm, const Ownership& own, std::span<const GlobalId> a,
                     std::span<const GlobalId> b);

// Fills table = [source owned rows | fetched rows]. Collective.
void FillTable(const Comm& comm, PairIndex& index, ConstMatRef owned_rows, RowMatrixXf& table);

}  // namespace vgae::dist
