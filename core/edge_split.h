// The seeded train/val/test split of undirected edges (tkipf/gae's mask_test_edges, made deterministic and
// rank-count independent by the counter-based RNG): floor(E·test) test and floor(E·val) val positives, the rest
// train; as many val and test negatives, drawn uniformly from non-edges of the FULL graph, disjoint from each
// other. Every pair is stored as (u, v) with u < v; each list is sorted.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/csr.h"
#include "core/types.h"

namespace vgae::core {

struct EdgeSplit {
  std::vector<GlobalId> train, val_pos, val_neg, test_pos, test_neg;  // flattened pairs
};

// Throws ConfigError for fractions outside [0, 1) or summing to 1 or more, and when the graph has too few
// non-edges to draw the negatives from. `progress`, when set, receives the fraction of the work done (positives
// shuffled plus negatives drawn, one unit each) about every 1%, and 1 at the end; it does not change the split.
EdgeSplit SplitEdges(const CsrView<GlobalId>& graph, double val_fraction, double test_fraction, std::uint64_t seed,
                     const std::function<void(double)>& progress = {});

}  // namespace vgae::core
