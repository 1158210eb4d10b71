// Partition quality (edge cut, balance, halo sizes) and the rank-major node order. Both run in O(N + nnz + K)
// and validate the part vector first, since a bad value would index out of range.
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

PartitionQuality EvaluatePartition(const core::CsrView<GlobalId>& graph, std::span<const Rank> part,
                                   int parts) {
  const std::int64_t n = graph.rows;
  if (static_cast<std::int64_t>(part.size()) != n) {
    throw PartitionError(
        detail::Concat("partition has ", part.size(), " entries but the graph has ", n, " nodes"));
  }
  CheckPartVector(part, parts);
  VGAE_CHECK(static_cast<std::int64_t>(graph.indptr.size()) == n + 1);

  PartitionQuality q;
  q.parts = parts;
  q.part_sizes.assign(static_cast<std::size_t>(parts), 0);
  q.halo_sizes.assign(static_cast<std::size_t>(parts), 0);
  for (const Rank p : part) ++q.part_sizes[p];

  // Node u is in part p's halo when p != part[u] and u has a neighbour in p (adjacency is symmetric). seen[p]
  // == u marks p as already counted for u, so each (u, p) pair counts once however many edges join them.
  std::vector<std::int64_t> seen(static_cast<std::size_t>(parts), -1);
  std::int64_t undirected_edges = 0;
  for (std::int64_t u = 0; u < n; ++u) {
    for (std::int64_t k = graph.indptr[u]; k < graph.indptr[u + 1]; ++k) {
      const GlobalId v = graph.indices[k];
      VGAE_CHECK(v >= 0 && v < n);
      const Rank p = part[v];
      // Each undirected edge is stored in both directions; count it once, from its smaller endpoint.
      if (u < v) {
        ++undirected_edges;
        if (p != part[u]) ++q.edge_cut;
      }
      if (p != part[u] && seen[p] != u) {
        seen[p] = u;
        ++q.halo_sizes[p];
      }
    }
  }

  q.edge_cut_fraction =
      undirected_edges == 0 ? 0.0 : static_cast<double>(q.edge_cut) / static_cast<double>(undirected_edges);
  const std::int64_t max_size = *std::max_element(q.part_sizes.begin(), q.part_sizes.end());
  q.imbalance = n == 0 ? 0.0 : static_cast<double>(max_size) / (static_cast<double>(n) / parts);
  q.max_halo = *std::max_element(q.halo_sizes.begin(), q.halo_sizes.end());
  return q;
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
