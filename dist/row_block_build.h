// The distributed half of prep's graph build: ranks that each hold some edge pairs (any split of the input)
// agree on the node numbering and end up with a contiguous block of rows of the canonical symmetric graph —
// exactly the rows core::BuildSymmetricGraph would give for all the pairs. Rows are split in K equal blocks
// (rank r owns [N*r/K, N*(r+1)/K)); every undirected edge travels as two directed entries to the owners of its
// two rows, which radix-sort and deduplicate what they receive.
#pragma once

#include <cstdint>

#include "core/csr.h"
#include "core/edge_pairs.h"
#include "core/node_numbering.h"
#include "dist/comm.h"

namespace vgae::dist {

// The distinct ids of every rank's pairs, in ascending order (all-gathered and merged; replicated).
core::NodeNumbering NumberDistinctIds(const Comm& comm, const core::EdgePairs& pairs);

struct RowBlock {
  std::int64_t begin = 0, end = 0;  // this rank's rows
  core::Csr<GlobalId> rows;         // local indptr from 0, global column ids sorted within rows
  std::int64_t self_loops = 0;      // dropped from this rank's pairs
  std::int64_t duplicates = 0;      // directed entries dropped here: the global sum is twice the undirected count
  std::int64_t reversed = 0;        // of those, reverse pairs (also counted twice)
};

// Consumes this rank's pairs (every id must be a node of `numbering`, the same on every rank). Collective.
RowBlock BuildRowBlock(const Comm& comm, core::EdgePairs&& pairs, const core::NodeNumbering& numbering);

}  // namespace vgae::dist
