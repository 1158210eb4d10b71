#include "dist/pair_index.h"

#include <algorithm>

#include "core/error.h"

namespace vgae::dist {

PairIndex IndexPairs(const Comm& comm, const Ownership& own, std::span<const GlobalId> a, std::span<const GlobalId> b) {
  VGAE_CHECK(a.size() == b.size());
  std::vector<GlobalId> wanted;
  for (auto ids : {a, b})
    for (auto g : ids)
      if (own.Owner(g) != comm.rank()) wanted.push_back(g);
  SortByOwner(own, wanted);
  PairIndex index;
  index.n_owned = static_cast<Eigen::Index>(own.Owned().size());
  auto row_of = [&](GlobalId g) -> LocalId {
    if (own.Owner(g) == comm.rank()) return own.LocalOf(g);
    const auto it = std::lower_bound(wanted.begin(), wanted.end(), g, [&](GlobalId x, GlobalId y) {
      const Rank ox = own.Owner(x), oy = own.Owner(y);
      return ox != oy ? ox < oy : x < y;
    });
    return static_cast<LocalId>(index.n_owned + (it - wanted.begin()));
  };
  index.a.resize(a.size());
  index.b.resize(b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    index.a[i] = row_of(a[i]);
    index.b[i] = row_of(b[i]);
  }
  index.plan = RowPlan(comm, own, wanted);
  return index;
}

void FillTable(const Comm& comm, PairIndex& index, ConstMatRef owned_rows, RowMatrixXf& table) {
  VGAE_CHECK(owned_rows.rows() == index.n_owned);
  table.resize(index.TableRows(), owned_rows.cols());
  table.topRows(index.n_owned) = owned_rows;
  index.plan.Fetch(comm, owned_rows, table, index.n_owned);
}

}  // namespace vgae::dist
