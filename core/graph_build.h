// Turning raw edge lists into the canonical graph: symmetric, no self-loops, no duplicates, rows sorted.
// This is the form of /graph and /split/train_graph, and what METIS and Â are built from.
#pragma once

#include <span>
#include <vector>

#include "core/csr.h"
#include "core/types.h"

namespace vgae::core {

struct GraphBuildStats {
  std::int64_t input_edges = 0;       // pairs given
  std::int64_t self_loops = 0;        // pairs u == u dropped
  std::int64_t duplicates = 0;        // pairs naming an undirected edge already given (either direction)
  std::int64_t undirected_edges = 0;  // what remains
};

// Every id must lie in [0, num_nodes) (checked by the caller, which knows the file and line).
Csr<GlobalId> BuildSymmetricGraph(std::int64_t num_nodes, std::span<const GlobalId> src,
                                  std::span<const GlobalId> dst, GraphBuildStats* stats = nullptr);

// The same from an undirected pair list flattened as [u0, v0, u1, v1, ...].
Csr<GlobalId> BuildSymmetricGraph(std::int64_t num_nodes, std::span<const GlobalId> pairs);

// Each undirected edge once as (u, v), u < v, in (u, v) order, flattened.
std::vector<GlobalId> UpperEdges(const CsrView<GlobalId>& graph);

// Whether u–v is an edge (binary search in the sorted row of u).
bool HasEdge(const CsrView<GlobalId>& graph, GlobalId u, GlobalId v);

}  // namespace vgae::core
