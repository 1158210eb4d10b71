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
enum class FeatureNorm { kNone, kRow };

struct ShardOptions {
  FeatureMode features = FeatureMode::kStored;
  FeatureNorm norm = FeatureNorm::kNone;
};

struct Shard {
  explicit Shard(Ownership o) : own(std::move(o)) {}
  Ownership own;
  std::vector<GlobalId> halo;       // (owner, id) order: rows n_owned.. of node buffers
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
