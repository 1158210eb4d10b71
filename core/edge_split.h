// The seeded train/val/test split of undirected edges, computed block by block: every rank splits the edges
// of its rows and the result does not depend on how the rows are blocked. Each edge u < v has a key, a hash of
// (seed, u, v); the floor(E·test) edges with the smallest (key, u, v) are test positives, the next floor(E·val)
// val positives, the rest train (a uniformly random split, like tkipf/gae's mask_test_edges). As many val and
// test negatives are drawn from the non-edges of the FULL graph: candidate pairs come from a keyed counter, the
// first floor(E·val) distinct non-edges are val negatives and the next floor(E·test) test negatives. Every pair
// is stored as (u, v) with u < v; each list is sorted. A block holds the pairs whose u is one of its rows.
//
// Cost per block: O(E_b) memory and time for the keys, four 2^16-bucket histogram rounds to select the two
// thresholds, and a binary search in a sorted row per negative candidate (never a scan of all pairs).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/collective.h"
#include "core/csr.h"
#include "core/types.h"

namespace vgae::core {

struct EdgeSplit {
  std::vector<GlobalId> train, val_pos, val_neg, test_pos, test_neg;  // flattened pairs
};

struct EdgeSplitBlock {
  EdgeSplit lists;         // the pairs (u, v) whose u is a row of the block
  Csr<GlobalId> train_rows;  // the block's rows of the training graph (both directions, sorted)
};

// rows: rows [row_begin, row_begin + rows.rows) of the full symmetric graph (local indptr from 0, global
// column ids sorted within rows; cols = N). Collective over `peers` (every block calls it with its rows).
// Throws ConfigError for fractions outside [0, 1) or summing to 1 or more, and when the graph has too few
// non-edges to draw the negatives from. `progress`, when set, receives the fraction of this block's work done
// about every 1%, and 1 at the end; it does not change the split.
EdgeSplitBlock SplitEdgeBlock(const CsrView<GlobalId>& rows, GlobalId row_begin, double val_fraction,
                              double test_fraction, std::uint64_t seed, const Collective& peers,
                              const std::function<void(double)>& progress = {});

// The whole graph as one block (no training graph).
EdgeSplit SplitEdges(const CsrView<GlobalId>& graph, double val_fraction, double test_fraction, std::uint64_t seed,
                     const std::function<void(double)>& progress = {});

}  // namespace vgae::core
