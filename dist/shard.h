// One rank's piece of the training problem, read from the graph file: owned nodes (its part), halo nodes
// (training neighbours owned elsewhere, grouped by owner), the local operator S, its feature rows, and the
// training positives it scores (edges u–v with u owned and u < v, each edge therefore exactly once globally).
#pragma once

#include <cstdint>
#include <vector>

#include "core/csr.h"
#include "core/types.h"
#include "dist/comm.h"
#include "dist/row_plan.h"
#include "io/graph_reader.h"

namespace vgae::dist {

enum class FeatureMode { kStored, kIdentity };
// kRowL2 (default): rows scaled to unit Euclidean norm. kRow: rows scaled to sum 1 (GCN preprocessing).
// kRowMean: rows scaled to the global mean row sum. Why L2 (docs/RESULTS.md): with raw bag-of-words rows of
// ~260 ones (Amazon Photo) Adam's first steps move every pre-activation by ~lr·260 and GAE's ReLUs all die
// (AUC 0.5); sum-to-1 rows are ~20x smaller than Cora's raw ones and VGAE's unit noise then swamps μ; unit L2
// rows avoid both and gave the best AUC/AP on Cora, CiteSeer and Amazon Photo for both models.
enum class FeatureNorm { kNone, kRow, kRowMean, kRowL2 };

struct ShardOptions {
  FeatureMode features = FeatureMode::kStored;
  FeatureNorm norm = FeatureNorm::kRowL2;
};

struct Shard {
  explicit Shard(Ownership o) : own(std::move(o)) {}
  Ownership own;
  std::vector<GlobalId> halo;       // (owner, row at owner) order: rows n_owned.. of node buffers
  core::Csr<LocalId> op;            // S: owned rows, owned + halo columns
  core::Csr<std::int32_t> x;        // owned feature rows
  std::int64_t feature_dim = 0;     // F, or N for identity features
  core::Csr<GlobalId> owned_adj;    // training neighbours of owned rows, global ids, ascending
  std::vector<LocalId> pos_u;       // training positives handled here: u owned (local row) ...
  std::vector<GlobalId> pos_v;      // ... v anywhere, u < v
  std::vector<std::uint64_t> pos_key;  // position of u→v in /split/train_graph/indices: keys its negatives
  std::int64_t num_nodes = 0;
  std::int64_t num_train_edges = 0;

  std::int64_t NumOwned() const { return static_cast<std::int64_t>(own.Owned().size()); }
};

// Collective. Checks that a partition for comm.size() ranks exists and that no rank is left without nodes.
Shard LoadShard(const Comm& comm, const io::GraphReader& reader, const ShardOptions& options);

}  // namespace vgae::dist
