#include "dist/memory_estimate.h"

#include <algorithm>
#include <cstdio>

#include <mpi.h>

#include "core/error.h"
#include "core/parallel.h"
#include "dist/pair_index.h"
#include "io/h5.h"

namespace vgae::dist {
namespace {
// RSS of a 1-rank run on a 5-node graph (MPI, HDF5, Eigen, the C++ runtime): 26.5 MiB measured, rounded up.
constexpr std::uint64_t kBaselineBytes = 28ull << 20;
constexpr std::uint64_t kF = 4, kI64 = 8, kI32 = 4;  // bytes of float, int64, int32
double MiB(std::uint64_t b) { return static_cast<double>(b) / (1024.0 * 1024.0); }
}  // namespace

std::string MemoryEstimate::Describe() const {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%.1f MiB (runtime %.1f, shard %.1f, reading it %.1f, node buffers %.1f, parameters+Adam %.1f, loss %.1f, "
                "evaluation %.1f)",
                MiB(Total()), MiB(baseline), MiB(shard), MiB(loading), MiB(node_buffers), MiB(parameters), MiB(loss), MiB(evaluation));
  return buf;
}

MemoryEstimate EstimatePeakMemory(const Shard& s, const TrainConfig& c, std::int64_t num_params,
                                  std::int64_t eval_pairs) {
  const auto n = static_cast<std::uint64_t>(s.NumOwned());
  const auto h = static_cast<std::uint64_t>(s.halo.size());
  const auto nodes = static_cast<std::uint64_t>(s.num_nodes);
  const auto hidden = static_cast<std::uint64_t>(c.hidden), latent = static_cast<std::uint64_t>(c.latent);
  const auto head = c.variational ? 2 * latent : latent;
  MemoryEstimate e;
  e.baseline = kBaselineBytes;
  // Shard: S (int64 indptr, int32 columns, float values), X (the same), the owned adjacency (int64 columns),
  // positives (row, partner, key) and the ownership tables (part and row-at-owner for every node).
  e.shard = (n + 1) * kI64 * 3 + static_cast<std::uint64_t>(s.op.Nnz()) * (kI32 + kF) +
            static_cast<std::uint64_t>(s.x.Nnz()) * (kI32 + kF) + static_cast<std::uint64_t>(s.owned_adj.Nnz()) * kI64 +
            s.pos_u.size() * (kI32 + kI64 + kI64) + nodes * (kI32 + kI32) + (n + h) * kI64;
  // Reading it: int64 file positions and int64 columns per feature and adjacency entry, alive next to the final
  // arrays, plus HDF5 point-selection coordinates (batches of at most io::kPointBatch), ours and HDF5's own list of
  // them (16 bytes a point, measured: Amazon Photo's features on 2 ranks cost 41 bytes per entry against 25 for
  // the rest of this model). Ordering the rows (Ownership::Reorder) gathers every rank's permutation: an int32 per
  // node.
  const auto x_nnz = static_cast<std::uint64_t>(s.x.Nnz()), adj_nnz = static_cast<std::uint64_t>(s.owned_adj.Nnz());
  e.loading = (x_nnz + adj_nnz) * 2 * kI64 + std::min<std::uint64_t>(x_nnz, io::kPointBatch) * 3 * kI64 + nodes * kI32;
  // Encoder: p0 (owned + halo) × hidden; p1, dy and dh1 in one buffer (owned + halo) × max(hidden, head); h1, dp0
  // owned × hidden; y (dP1 in turn) owned × head; z, eps, the trainer's eps and dz owned × latent.
  e.node_buffers =
      kF * ((n + h) * (hidden + std::max(hidden, head)) + n * (2 * hidden + head + 4 * latent));
  e.parameters = static_cast<std::uint64_t>(num_params) * kF * 4;
  if (c.loss == LossKind::kSampled) {
    // Pairs: positives and their negatives (self-pairs are the owned rows, scored in place), drawn a stage at a
    // time (global ids of at most PairIndexer::kStage pairs) into two local indices each; with threads, a
    // coefficient per pair and each thread's list of the pairs touching its rows. At most two remote rows per pair, each with its id
    // (seen and wanted), position and owner's row (the request), plus the rows served to other ranks (as many,
    // overall) and a slot per node; the table, its gradient and the served rows' values hold owned plus remote
    // rows.
    const auto pairs = s.pos_u.size() * (1 + static_cast<std::uint64_t>(c.neg_ratio));
    const auto remote = std::min<std::uint64_t>(nodes, 2 * pairs);
    const auto rows = n + remote;
    const auto threads = static_cast<std::uint64_t>(std::max(core::NumThreads(), 1));
    e.loss = pairs * 2 * kI32 + (threads > 1 ? pairs * (kF + threads * kI32) : 0) +
             std::min<std::uint64_t>(pairs, PairIndexer::kStage) * 2 * kI64 + remote * (3 * kI64 + 2 * kI32) +
             nodes * kI32 + rows * latent * kF * 3;
  } else {
    // Z of every node twice (the gathered vector and the matrix), the id list, and one 128 × N logit block.
    e.loss = nodes * (2 * latent * kF + kI64) + 128 * nodes * kF * 2;
  }
  const auto ep = static_cast<std::uint64_t>(std::max<std::int64_t>(eval_pairs, 0));
  e.evaluation = ep * (2 * kI64 + 2 * kI32 + 2 * kI64 + kF) + (n + std::min<std::uint64_t>(nodes, 2 * ep)) * latent * kF;
  return e;
}

int RanksOnThisNode(const Comm& comm) {
  MPI_Comm node = MPI_COMM_NULL;
  if (MPI_Comm_split_type(comm.raw(), MPI_COMM_TYPE_SHARED, comm.rank(), MPI_INFO_NULL, &node) != MPI_SUCCESS)
    throw CommError(detail::Concat("[rank ", comm.rank(), "] MPI_Comm_split_type failed"));
  int size = 1;
  MPI_Comm_size(node, &size);
  MPI_Comm_free(&node);
  return size;
}

}  // namespace vgae::dist
