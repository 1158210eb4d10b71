// Every on-disk name of vgae_dist in one place, and the layout they form (readable from Python with h5py).
//
// graph file (written by prep, extended by split and partition); root attrs: format_version (int64),
// num_nodes (int64), num_edges (int64, undirected)
//   /graph/indptr            N+1 int64   symmetric adjacency of the full graph, both directions, no self-loops,
//   /graph/indices           2E  int64   columns sorted ascending within each row
//   /features/dense          N×F float32 dense node features, or
//   /features/{indptr,indices,data}      CSR node features: N+1 int64, nnz int64, nnz float32; attr cols = F
//                                        (no /features group: identity features)
//   /nodes/original_id       N   int64   id of each node in the input file
//   /split/train             M×2 int64   training edges (u < v), node ids as in /graph; attrs seed,
//   /split/{val,test}_{pos,neg} ×2 int64 val_fraction, test_fraction
//   /split/train_graph/{indptr,indices}  CSR of the training graph (both directions, sorted rows): what Â is
//                                        built from; the position of (u→v), u < v, in indices keys that edge's
//                                        negatives
//   /partition/k{K}/part     N   int32   owner rank of each node; attrs method, seed, edge_cut, edge_cut_fraction,
//                                        imbalance, max_halo. Built on the training graph of the current split.
// embeddings file (written by train); root attrs format_version, model, latent, epochs, seed, ranks
//   /embedding/mu            N×d float32 μ of every node, /graph order
//   /embedding/logstd        N×d float32 logσ (VGAE only)
//   /nodes/original_id       N   int64
#pragma once

#include <cstdint>
#include <string>

namespace vgae::io {

inline constexpr std::int64_t kFormatVersion = 1;

namespace names {
inline constexpr const char* kFormatVersionAttr = "format_version";
inline constexpr const char* kNumNodesAttr = "num_nodes";
inline constexpr const char* kNumEdgesAttr = "num_edges";

inline constexpr const char* kGraphIndptr = "/graph/indptr";
inline constexpr const char* kGraphIndices = "/graph/indices";
inline constexpr const char* kFeaturesGroup = "/features";
inline constexpr const char* kFeaturesDense = "/features/dense";
inline constexpr const char* kFeaturesIndptr = "/features/indptr";
inline constexpr const char* kFeaturesIndices = "/features/indices";
inline constexpr const char* kFeaturesData = "/features/data";
inline constexpr const char* kFeaturesColsAttr = "cols";
inline constexpr const char* kOriginalId = "/nodes/original_id";

inline constexpr const char* kSplitGroup = "/split";
inline constexpr const char* kSplitTrain = "/split/train";
inline constexpr const char* kSplitValPos = "/split/val_pos";
inline constexpr const char* kSplitValNeg = "/split/val_neg";
inline constexpr const char* kSplitTestPos = "/split/test_pos";
inline constexpr const char* kSplitTestNeg = "/split/test_neg";
inline constexpr const char* kTrainIndptr = "/split/train_graph/indptr";
inline constexpr const char* kTrainIndices = "/split/train_graph/indices";

inline constexpr const char* kPartitionGroup = "/partition";
inline std::string PartitionGroup(int parts) { return "/partition/k" + std::to_string(parts); }
inline std::string PartitionPart(int parts) { return PartitionGroup(parts) + "/part"; }

inline constexpr const char* kEmbeddingMu = "/embedding/mu";
inline constexpr const char* kEmbeddingLogStd = "/embedding/logstd";
}  // namespace names

}  // namespace vgae::io
