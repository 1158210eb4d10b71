// Locality orders of a graph's nodes. Row i of every node-indexed buffer (Z, H, their gradients, W0 of identity
// features) sits at byte i · row size, so an order that gives neighbours nearby ids turns the SpMM's and the
// positive pairs' random row gathers into near-sequential ones (PubMed, one thread: about 8 % less per epoch;
// docs/INGESTION.md). prep --node-order applies one to the file it writes; nothing downstream needs to know.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "core/csr.h"
#include "core/types.h"

namespace vgae::core {

// Reverse Cuthill–McKee: each connected component is walked breadth-first from its node of least degree
// (lowest id among equals), each node's unvisited neighbours taken in ascending (degree, id); components in
// ascending (least degree, id) of their start; the whole sequence reversed. order[i] is the old id of new node
// i. Deterministic. `graph` must be symmetric without self-loops (as prep builds it).
std::vector<GlobalId> ReverseCuthillMcKee(const CsrView<GlobalId>& graph);

// new_id[old] for order[new] = old. Throws InternalError unless order is a permutation of [0, order.size()).
std::vector<GlobalId> InversePermutation(std::span<const GlobalId> order);

// The symmetric graph with node order[i] renamed i, each row's neighbours ascending.
Csr<GlobalId> PermuteGraph(const CsrView<GlobalId>& graph, std::span<const GlobalId> order);

// Rows in the new order: row i of the result is row order[i] of m (columns and values unchanged).
template <typename Index>
Csr<Index> PermuteRows(const CsrView<Index>& m, std::span<const GlobalId> order);

// The same for a dense row-major rows × cols block, and for one value per node.
template <typename T>
std::vector<T> PermuteRows(std::span<const T> values, std::int64_t cols, std::span<const GlobalId> order) {
  std::vector<T> out(values.size());
  const auto c = static_cast<std::size_t>(cols);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto from = static_cast<std::size_t>(order[i]) * c;
    const auto src = values.begin() + static_cast<std::ptrdiff_t>(from);
    std::copy(src, src + static_cast<std::ptrdiff_t>(c), out.begin() + static_cast<std::ptrdiff_t>(i * c));
  }
  return out;
}

// max |i - j| over the edges (the matrix bandwidth) and the mean |i - j|: how far apart neighbours' rows are.
struct OrderSpread {
  std::int64_t bandwidth = 0;
  double mean_distance = 0.0;
};
OrderSpread Spread(const CsrView<GlobalId>& graph);

}  // namespace vgae::core
