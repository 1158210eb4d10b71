// Partitioning a graph whose rows are spread over the ranks, for graphs too large for one process: rank r holds
// the training-graph rows [vtxdist[r], vtxdist[r+1]) (global column ids), PT-Scotch's ParMETIS v3 interface
// partitions them, and the quality figures are counted per row block and summed. The PT-Scotch call lives here,
// not in partition/, because it is an MPI collective and dist/ owns every MPI call (STYLE 1); the size checks
// and the counting it shares with METIS are partition/'s.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/csr.h"
#include "core/types.h"
#include "dist/comm.h"
#include "partition/partition.h"

namespace vgae::dist {

// Block distribution of n nodes over p ranks: vtxdist[r] = n * r / p (p + 1 entries).
std::vector<std::int64_t> BlockVtxdist(std::int64_t n, int p);

// Collective. The parts (in [0, parts)) of this rank's rows, by ParMETIS_V3_PartKway (PT-Scotch, edge cut,
// 5% imbalance allowed, seed given to SCOTCH_randomSeed). rows.rows must equal vtxdist[r+1] - vtxdist[r].
// PartitionError on every rank when parts is outside [1, N], a rank holds no row, the graph exceeds
// SCOTCH_Num, or PT-Scotch fails on any rank.
std::vector<Rank> PtScotchKway(const Comm& comm, const core::CsrView<GlobalId>& rows,
                               std::span<const std::int64_t> vtxdist, int parts, std::uint64_t seed);

// Collective. EvaluatePartition's figures from every rank's row block (first_row: its first global id) and the
// whole part vector (N entries, the same on every rank).
partition::PartitionQuality EvaluateRowBlocks(const Comm& comm, const core::CsrView<GlobalId>& rows,
                                              GlobalId first_row, std::span<const Rank> part, int parts);

}  // namespace vgae::dist
