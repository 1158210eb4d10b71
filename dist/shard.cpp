#include "dist/shard.h"

#include <algorithm>
#include <span>

#include "core/error.h"
#include "core/gcn_operator.h"
#include "core/node_order.h"

namespace vgae::dist {
namespace {

// The shard's row order (order[k]: the ascending owned row that becomes row k). Rows with no remote neighbour come
// first (the interior, which the encoder computes while the halo is in flight), then rows that only one peer
// needs, grouped by that peer, then rows several peers need, grouped by their peer list in lexicographic order;
// each group keeps ascending ids. Each peer's halo rows are then few runs of my rows (with two ranks, one) and
// RowPlan sends them straight from the node buffers, with no packing. Rows of S keep their entries in the same
// order, so every sum is unchanged.
std::vector<GlobalId> HaloGroupedOrder(const Ownership& own, Rank me, const core::Csr<GlobalId>& adj) {
  const auto n = static_cast<std::size_t>(adj.rows);
  std::vector<std::int64_t> peer_ptr(n + 1, 0);
  std::vector<Rank> peers;
  for (std::size_t i = 0; i < n; ++i) {
    const auto first = peers.size();
    for (auto k = adj.indptr[i]; k < adj.indptr[i + 1]; ++k)
      if (const Rank r = own.Owner(adj.indices[static_cast<std::size_t>(k)]); r != me) peers.push_back(r);
    std::sort(peers.begin() + static_cast<std::ptrdiff_t>(first), peers.end());
    peers.erase(std::unique(peers.begin() + static_cast<std::ptrdiff_t>(first), peers.end()), peers.end());
    peer_ptr[i + 1] = static_cast<std::int64_t>(peers.size());
  }
  const auto list = [&](std::size_t i) {
    return std::span<const Rank>(peers.data() + peer_ptr[i], peers.data() + peer_ptr[i + 1]);
  };
  const auto group = [&](std::size_t i) { return std::min<std::int64_t>(peer_ptr[i + 1] - peer_ptr[i], 2); };
  std::vector<GlobalId> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<GlobalId>(i);
  std::stable_sort(order.begin(), order.end(), [&](GlobalId x, GlobalId y) {
    const auto a = static_cast<std::size_t>(x), b = static_cast<std::size_t>(y);
    const auto ga = group(a), gb = group(b);
    if (ga != gb) return ga < gb;
    const auto la = list(a), lb = list(b);
    return std::lexicographical_compare(la.begin(), la.end(), lb.begin(), lb.end());
  });
  return order;
}

}  // namespace

Shard LoadShard(const Comm& comm, const io::GraphReader& reader, const ShardOptions& options) {
  const auto& info = reader.Info();
  if (comm.size() > info.num_nodes)
    throw PartitionError(detail::Concat(reader.Path(), ": ", comm.size(), " ranks for a graph of ", info.num_nodes,
                                        " nodes: every rank needs at least one node"));
  Shard shard(Ownership(reader.ReadPartition(comm.size()), comm.rank()));
  shard.num_nodes = info.num_nodes;
  shard.num_train_edges = info.num_train_edges;
  const auto& owned = shard.own.Owned();
  const auto n_owned = static_cast<std::int64_t>(owned.size());
  if (comm.AllreduceMin<std::int64_t>(n_owned) == 0)
    throw PartitionError(detail::Concat(reader.Path(), ": the partition for ", comm.size(),
                                        " ranks leaves a rank without nodes; re-run vgae_dist partition"));

  auto rows = reader.ReadTrainRows(owned);  // ascending ids
  const auto order = HaloGroupedOrder(shard.own, comm.rank(), rows.rows);
  shard.own.Reorder(comm, order);  // `owned` is now in the new row order
  rows.rows = core::PermuteRows(rows.rows.View(), order);
  rows.file_offset = core::PermuteRows<std::int64_t>(rows.file_offset, 1, order);
  shard.owned_adj = std::move(rows.rows);

  // Halo: neighbours owned elsewhere, in (owner, row at the owner) order so each peer's rows arrive as one block.
  for (auto g : shard.owned_adj.indices)
    if (shard.own.Owner(g) != comm.rank()) shard.halo.push_back(g);
  SortByOwner(shard.own, shard.halo);

  std::vector<GlobalId> local_gid(owned.begin(), owned.end());
  local_gid.insert(local_gid.end(), shard.halo.begin(), shard.halo.end());
  auto halo_row = [&](GlobalId g) {
    const auto it = std::lower_bound(shard.halo.begin(), shard.halo.end(), g, [&](GlobalId a, GlobalId b) {
      const Rank oa = shard.own.Owner(a), ob = shard.own.Owner(b);
      return oa != ob ? oa < ob : shard.own.RowAtOwner(a) < shard.own.RowAtOwner(b);
    });
    return static_cast<LocalId>(n_owned + (it - shard.halo.begin()));
  };

  core::Csr<LocalId> adj;
  adj.rows = n_owned;
  adj.cols = static_cast<std::int64_t>(local_gid.size());
  adj.indptr = shard.owned_adj.indptr;
  adj.indices.resize(shard.owned_adj.indices.size());
  for (std::int64_t i = 0; i < n_owned; ++i) {
    for (auto k = shard.owned_adj.indptr[i]; k < shard.owned_adj.indptr[i + 1]; ++k) {
      const GlobalId v = shard.owned_adj.indices[k];
      adj.indices[k] = shard.own.Owner(v) == comm.rank() ? shard.own.LocalOf(v) : halo_row(v);
      if (v > owned[i]) {
        shard.pos_u.push_back(static_cast<LocalId>(i));
        shard.pos_v.push_back(v);
        shard.pos_key.push_back(static_cast<std::uint64_t>(rows.file_offset[i] + (k - shard.owned_adj.indptr[i])));
      }
    }
  }
  std::vector<std::int64_t> degree(local_gid.size());
  for (std::int64_t i = 0; i < n_owned; ++i) degree[i] = shard.owned_adj.indptr[i + 1] - shard.owned_adj.indptr[i];
  const auto halo_degree = reader.ReadTrainDegrees(shard.halo);
  std::copy(halo_degree.begin(), halo_degree.end(), degree.begin() + n_owned);
  shard.op = core::BuildGcnOperator(adj.View(), degree, local_gid);

  if (options.features == FeatureMode::kStored && info.feature_dim > 0) {
    shard.x = reader.ReadFeatureRows(owned);
    shard.feature_dim = info.feature_dim;
  } else {
    if (options.features == FeatureMode::kStored)
      throw IoError(reader.Path() + ": the graph has no /features; pass --features none for identity features");
    // Identity features (the paper's GAE*/VGAE*): row i has a single 1 in column = its global id.
    shard.feature_dim = info.num_nodes;
    shard.x.rows = n_owned;
    shard.x.cols = info.num_nodes;
    shard.x.indptr.resize(owned.size() + 1);
    for (std::int64_t i = 0; i < n_owned; ++i) {
      shard.x.indptr[i + 1] = i + 1;
      shard.x.indices.push_back(static_cast<std::int32_t>(owned[i]));
    }
  }
  if (options.norm == FeatureNorm::kRow) core::RowNormalize(shard.x);
  if (options.norm == FeatureNorm::kRowL2) core::RowNormalizeL2(shard.x);
  if (options.norm == FeatureNorm::kRowMean)
    core::RowNormalize(shard.x, comm.AllreduceSum(core::ValueSum(shard.x)) / static_cast<double>(info.num_nodes));
  return shard;
}

}  // namespace vgae::dist
