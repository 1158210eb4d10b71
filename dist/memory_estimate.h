// Each rank's peak memory, estimated from its shard before the big buffers are allocated, so that a run that
// would not fit is refused with numbers instead of dying in the OOM killer an hour in. The estimate counts the
// shard (operator, features, adjacency, positives, ownership) and the temporaries of reading it, the encoder's node buffers (owned + halo rows ×
// widths), parameters × 4 (weights, gradient, Adam m and v), the sampled-loss pair tables (or the dense loss's
// gathered Z), the evaluation pairs, and a fixed runtime baseline (MPI, HDF5, libraries) measured on a 5-node graph.
#pragma once

#include <cstdint>
#include <string>

#include "dist/shard.h"
#include "dist/trainer.h"

namespace vgae::dist {

struct MemoryEstimate {
  std::uint64_t baseline = 0, shard = 0, loading = 0, node_buffers = 0, parameters = 0, loss = 0, evaluation = 0;
  std::uint64_t Total() const { return baseline + shard + loading + node_buffers + parameters + loss + evaluation; }
  std::string Describe() const;  // "812.3 MiB (shard 12.0, node buffers 40.1, ...)"
};

// eval_pairs: the val + test pairs this rank scores.
MemoryEstimate EstimatePeakMemory(const Shard& shard, const TrainConfig& config, std::int64_t num_params,
                                  std::int64_t eval_pairs);

// How many ranks of comm share this node's memory (collective).
int RanksOnThisNode(const Comm& comm);

}  // namespace vgae::dist
