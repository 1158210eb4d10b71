// Node partitioning of an undirected graph into K parts (one per MPI rank), plus the quality measures and the
// rank-major node order that the distributed trainer builds on. Everything is in memory: no MPI, no files.
// Invariants: every input graph is a symmetric CSR over global ids (both directions stored, no self-loops,
// rows == cols == N); every returned part vector has N entries in [0, parts).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/csr.h"
#include "core/types.h"

namespace vgae::partition {

// kPtScotch is PT-Scotch's ParMETIS interface, distributed over MPI ranks: it runs in dist/ (ptscotch_kway.h),
// never through PartitionGraph.
enum class Method { kMetis, kHash, kBlock, kPtScotch };

// "metis" | "hash" | "block" | "ptscotch"; throws ConfigError naming the accepted values otherwise.
Method ParseMethod(const std::string& name);
std::string MethodName(Method m);

// Returns part[v] in [0, parts) for every node v. parts == 1 gives all zeros without calling METIS.
// kMetis: METIS_PartGraphKway minimising edge cut with METIS_OPTION_SEED derived from `seed` (default
// ufactor). kHash: part = mix64(v ^ seed) % parts. kBlock: contiguous id blocks, the first N % parts one node
// larger. Throws PartitionError when parts < 1, parts > N, the graph is too large for METIS's 32-bit idx_t,
// or METIS reports an error.
std::vector<Rank> PartitionGraph(const core::CsrView<GlobalId>& graph, int parts, Method method,
                                 std::uint64_t seed);

// PartitionError unless 1 <= parts <= nodes (every part needs a node). PartitionGraph checks it too.
void CheckPartCount(std::int64_t nodes, int parts);

struct PartitionQuality {
  int parts = 0;
  std::int64_t edge_cut = 0;             // undirected edges whose endpoints are in different parts
  double edge_cut_fraction = 0;          // edge_cut / undirected edges (0 when there are none)
  double imbalance = 0;                  // max part size / (N / parts); 0 when N == 0
  std::vector<std::int64_t> part_sizes;  // nodes per part
  std::vector<std::int64_t> halo_sizes;  // per part: distinct nodes outside the part adjacent to it
  std::int64_t max_halo = 0;
  // Per part: rows it sends in one halo gather, i.e. pairs (v in the part, other part q adjacent to v). Their
  // sum over parts equals the sum of halo_sizes (each halo row has one sender).
  std::vector<std::int64_t> send_rows;
};

// Throws PartitionError if parts < 1, part.size() != N, or a value is outside [0, parts).
PartitionQuality EvaluatePartition(const core::CsrView<GlobalId>& graph, std::span<const Rank> part,
                                   int parts);

// The counting half of EvaluatePartition for a block of rows [first_row, first_row + rows.rows) of the graph
// (column ids global), so ranks that each hold a row block can add their counts and call FinishQuality.
struct QualityCounts {
  std::int64_t undirected_edges = 0;     // edges u-v with u in the block and u < v
  std::int64_t edge_cut = 0;             // those with endpoints in different parts
  std::vector<std::int64_t> halo_sizes;  // per part
  std::vector<std::int64_t> send_rows;   // per part
};
// part holds every node's part (N entries). Throws PartitionError like EvaluatePartition.
QualityCounts CountQuality(const core::CsrView<GlobalId>& rows, GlobalId first_row, std::span<const Rank> part,
                           int parts);
// The figures of PartitionQuality from counts summed over every row block.
PartitionQuality FinishQuality(const QualityCounts& totals, std::span<const Rank> part, int parts);

// Owned node ids of every part in ascending id order, and vtxdist (parts+1 offsets) for the partition order
// (part 0's nodes, then part 1's, ...): order[vtxdist[r] .. vtxdist[r+1]) are rank r's nodes, ascending.
struct PartitionOrder {
  std::vector<GlobalId> order;
  std::vector<std::int64_t> vtxdist;
};

// Throws PartitionError if parts < 1 or a value of `part` is outside [0, parts).
PartitionOrder MakePartitionOrder(std::span<const Rank> part, int parts);

}  // namespace vgae::partition
