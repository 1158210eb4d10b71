// Partition quality (edge cut, balance, halo sizes, halo rows sent) and the rank-major node order. Both run in
// O(N + nnz + K) and validate the part vector first, since a bad value would index out of range.
#include <algorithm>

#include "core/error.h"
#include "partition/partition.h"

namespace vgae::partition {
namespace {

void CheckPartVector(std::span<const Rank> part, int parts) {
  if (parts < 1) throw PartitionError(detail::Concat("partition has ", parts, " parts; expected at least 1"));
  for (std::size_t v = 0; v < part.size(); ++v) {
    if (part[v] < 0 || part[v] >= parts) {
      throw PartitionError(detail::Concat("partition assigns node ", v, " to part ", part[v],
                                          "; expected a part in [0, ", parts, ")"));
    }
  }
}

}  // namespace

QualityCounts CountQuality(const core::CsrView<GlobalId>& rows, GlobalId first_row, std::span<const Rank> part,
                           int parts) {
  const auto n = static_cast<std::int64_t>(part.size());
  CheckPartVector(part, parts);
  if (first_row < 0 || first_row + rows.rows > n) {
    throw PartitionError(detail::Concat("rows [", first_row, ", ", first_row + rows.rows,
                                        ") are outside the partition's ", n, " nodes"));
  }
  VGAE_CHECK(static_cast<std::int64_t>(rows.indptr.size()) == rows.rows + 1);

  QualityCounts c;
  c.halo_sizes.assign(static_cast<std::size_t>(parts), 0);
  c.send_rows.assign(static_cast<std::size_t>(parts), 0);
  // Node u is in part p's halo when p != part[u] and u has a neighbour in p (adjacency is symmetric); part[u]
  // then sends u's row to p in every halo gather. seen[p] == u marks p as already counted for u, so each
  // (u, p) pair counts once however many edges join them.
  std::vector<std::int64_t> seen(static_cast<std::size_t>(parts), -1);
  for (std::int64_t i = 0; i < rows.rows; ++i) {
    const GlobalId u = first_row + i;
    const Rank pu = part[u];
    for (std::int64_t k = rows.indptr[i]; k < rows.indptr[i + 1]; ++k) {
      const GlobalId v = rows.indices[k];
      VGAE_CHECK(v >= 0 && v < n);
      const Rank p = part[v];
      // Each undirected edge is stored in both directions; count it once, from its smaller endpoint.
      if (u < v) {
        ++c.undirected_edges;
        if (p != pu) ++c.edge_cut;
      }
      if (p != pu && seen[p] != u) {
        seen[p] = u;
        ++c.halo_sizes[p];
        ++c.send_rows[pu];
      }
    }
  }
  return c;
}

PartitionQuality FinishQuality(const QualityCounts& totals, std::span<const Rank> part, int parts) {
  CheckPartVector(part, parts);
  VGAE_CHECK(totals.halo_sizes.size() == static_cast<std::size_t>(parts) &&
             totals.send_rows.size() == static_cast<std::size_t>(parts));
  const auto n = static_cast<std::int64_t>(part.size());
  PartitionQuality q;
  q.parts = parts;
  q.edge_cut = totals.edge_cut;
  q.halo_sizes = totals.halo_sizes;
  q.send_rows = totals.send_rows;
  q.part_sizes.assign(static_cast<std::size_t>(parts), 0);
  for (const Rank p : part) ++q.part_sizes[p];
  q.edge_cut_fraction = totals.undirected_edges == 0
                            ? 0.0
                            : static_cast<double>(q.edge_cut) / static_cast<double>(totals.undirected_edges);
  const std::int64_t max_size = *std::max_element(q.part_sizes.begin(), q.part_sizes.end());
  q.imbalance = n == 0 ? 0.0 : static_cast<double>(max_size) / (static_cast<double>(n) / parts);
  q.max_halo = *std::max_element(q.halo_sizes.begin(), q.halo_sizes.end());
  return q;
}

PartitionQuality EvaluatePartition(const core::CsrView<GlobalId>& graph, std::span<const Rank> part,
                                   int parts) {
  if (static_cast<std::int64_t>(part.size()) != graph.rows) {
    throw PartitionError(
        detail::Concat("partition has ", part.size(), " entries but the graph has ", graph.rows, " nodes"));
  }
  return FinishQuality(CountQuality(graph, 0, part, parts), part, parts);
}

PartitionOrder MakePartitionOrder(std::span<const Rank> part, int parts) {
  CheckPartVector(part, parts);
  PartitionOrder out;
  // Counting sort by part; scanning ids in ascending order keeps each part's ids ascending.
  out.vtxdist.assign(static_cast<std::size_t>(parts) + 1, 0);
  for (const Rank p : part) ++out.vtxdist[p + 1];
  for (int r = 0; r < parts; ++r) out.vtxdist[r + 1] += out.vtxdist[r];
  std::vector<std::int64_t> next(out.vtxdist.begin(), out.vtxdist.end() - 1);
  out.order.resize(part.size());
  for (std::size_t v = 0; v < part.size(); ++v) out.order[next[part[v]]++] = static_cast<GlobalId>(v);
  return out;
}

}  // namespace vgae::partition
