// Canonicalisation by sorting (u < v) pairs: O(E log E) time, 16 bytes per input pair of scratch.
#include "core/graph_build.h"

#include <algorithm>
#include <utility>

#include "core/error.h"

namespace vgae::core {

namespace {
Csr<GlobalId> FromSortedUnique(std::int64_t num_nodes, const std::vector<std::pair<GlobalId, GlobalId>>& edges) {
  Csr<GlobalId> g;
  g.rows = g.cols = num_nodes;
  g.indptr.assign(static_cast<std::size_t>(num_nodes) + 1, 0);
  for (const auto& [u, v] : edges) {
    ++g.indptr[u + 1];
    ++g.indptr[v + 1];
  }
  for (std::int64_t i = 0; i < num_nodes; ++i) g.indptr[i + 1] += g.indptr[i];
  g.indices.resize(static_cast<std::size_t>(g.indptr.back()));
  std::vector<std::int64_t> fill(g.indptr.begin(), g.indptr.end() - 1);
  // Edges arrive sorted by (u, v) with u < v, so every row receives its columns in ascending order: first
  // the smaller neighbours (as v, while their u is processed), then the larger ones (as u).
  for (const auto& [u, v] : edges) {
    g.indices[fill[u]++] = v;
    g.indices[fill[v]++] = u;
  }
  return g;
}
}  // namespace

Csr<GlobalId> BuildSymmetricGraph(std::int64_t num_nodes, std::span<const GlobalId> src,
                                  std::span<const GlobalId> dst, GraphBuildStats* stats) {
  VGAE_CHECK(src.size() == dst.size());
  std::vector<std::pair<GlobalId, GlobalId>> edges;
  edges.reserve(src.size());
  std::int64_t self_loops = 0;
  for (std::size_t i = 0; i < src.size(); ++i) {
    VGAE_CHECK(src[i] >= 0 && src[i] < num_nodes && dst[i] >= 0 && dst[i] < num_nodes);
    if (src[i] == dst[i]) {
      ++self_loops;
      continue;
    }
    edges.emplace_back(std::min(src[i], dst[i]), std::max(src[i], dst[i]));
  }
  std::sort(edges.begin(), edges.end());
  const auto before = static_cast<std::int64_t>(edges.size());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  if (stats) {
    stats->input_edges = static_cast<std::int64_t>(src.size());
    stats->self_loops = self_loops;
    stats->duplicates = before - static_cast<std::int64_t>(edges.size());
    stats->undirected_edges = static_cast<std::int64_t>(edges.size());
  }
  return FromSortedUnique(num_nodes, edges);
}

Csr<GlobalId> BuildSymmetricGraph(std::int64_t num_nodes, std::span<const GlobalId> pairs) {
  VGAE_CHECK(pairs.size() % 2 == 0);
  std::vector<GlobalId> src(pairs.size() / 2), dst(pairs.size() / 2);
  for (std::size_t i = 0; i < src.size(); ++i) {
    src[i] = pairs[2 * i];
    dst[i] = pairs[2 * i + 1];
  }
  return BuildSymmetricGraph(num_nodes, src, dst);
}

std::vector<GlobalId> UpperEdges(const CsrView<GlobalId>& graph) {
  std::vector<GlobalId> out;
  out.reserve(static_cast<std::size_t>(graph.Nnz()));
  for (GlobalId u = 0; u < graph.rows; ++u)
    for (auto k = graph.indptr[u]; k < graph.indptr[u + 1]; ++k)
      if (graph.indices[k] > u) {
        out.push_back(u);
        out.push_back(graph.indices[k]);
      }
  return out;
}

bool HasEdge(const CsrView<GlobalId>& graph, GlobalId u, GlobalId v) {
  const auto first = graph.indices.begin() + graph.indptr[u];
  const auto last = graph.indices.begin() + graph.indptr[u + 1];
  return std::binary_search(first, last, v);
}

}  // namespace vgae::core
