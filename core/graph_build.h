// Turning raw edge lists into the canonical graph: symmetric, no self-loops, no duplicates, rows sorted.
// This is the form of /graph and /split/train_graph, and what METIS and Â are built from.
#pragma once

#include <span>
#include <vector>

#include "core/csr.h"
#include "core/edge_pairs.h"
#include "core/node_numbering.h"
#include "core/radix_sort.h"
#include "core/types.h"

namespace vgae::core {

struct GraphBuildStats {
  std::int64_t input_edges = 0;       // pairs given
  std::int64_t self_loops = 0;        // pairs u == u dropped
  std::int64_t duplicates = 0;        // pairs naming an undirected edge already given (either direction)
  std::int64_t reversed = 0;          // of those, one per edge given in both directions (the second direction)
  std::int64_t undirected_edges = 0;  // what remains
};

// Every id must lie in [0, num_nodes) (checked by the caller, which knows the file and line).
Csr<GlobalId> BuildSymmetricGraph(std::int64_t num_nodes, std::span<const GlobalId> src,
                                  std::span<const GlobalId> dst, GraphBuildStats* stats = nullptr);

// The importer's build: consumes `pairs` (each chunk is freed once read), maps their ids to nodes through
// `numbering` (every id must be one), and builds the canonical graph on numbering.NumNodes() nodes. Peak
// memory: the pairs (16 bytes each) turning into packed keys (8 bytes each), then keys plus radix scratch
// (16 bytes per pair), then keys plus the CSR (24 bytes per undirected edge + 16 per node). `threads` share
// the renumbering and the sort; the result does not depend on their number.
Csr<GlobalId> BuildSymmetricGraph(EdgePairs&& pairs, const NodeNumbering& numbering, GraphBuildStats* stats,
                                  int threads = 1);

// The pieces of that build, for a build whose rows are spread over ranks (dist/): pairs → packed keys
// (min << IdBits(N) | max) << 1 | (u > v), in input order, self-loops counted and dropped. The low bit keeps
// the direction so that a repeated line and a reverse pair can be told apart.
int IdBits(std::int64_t num_nodes);
KeyVector PackedUpperKeys(EdgePairs&& pairs, const NodeNumbering& numbering, std::int64_t* self_loops,
                          int threads = 1);
struct Repeats {
  std::int64_t exact = 0;     // keys equal to an earlier one, direction included
  std::int64_t reversed = 0;  // one per pair present in both directions (after exact repeats are dropped)
};
// Sorts direction-carrying keys of pair_bits + 1 bits, drops repeats and leaves the distinct pairs (direction
// bit removed) in ascending order.
Repeats SortUniquePairs(KeyVector& keys, int pair_bits, int threads = 1);

// The same from an undirected pair list flattened as [u0, v0, u1, v1, ...].
Csr<GlobalId> BuildSymmetricGraph(std::int64_t num_nodes, std::span<const GlobalId> pairs);

// Each undirected edge once as (u, v), u < v, in (u, v) order, flattened.
std::vector<GlobalId> UpperEdges(const CsrView<GlobalId>& graph);

// Whether u–v is an edge (binary search in the sorted row of u).
bool HasEdge(const CsrView<GlobalId>& graph, GlobalId u, GlobalId v);

}  // namespace vgae::core
