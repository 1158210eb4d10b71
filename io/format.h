// Every on-disk name of vgae_dist in one place, and the layout they form (readable from Python with h5py).
//
// graph file (written by prep or gen, extended by split and partition); root attrs: format_version (int64),
// num_nodes (int64), num_edges (int64, undirected)
//   /graph/indptr            N+1 int64   symmetric adjacency of the full graph, both directions, no self-loops,
//   /graph/indices           2E  int64   columns sorted ascending within each row
//   /features/dense          N×F float32 dense node features, or
//   /features/{indptr,indices,data}      CSR node features: N+1 int64, nnz int64, nnz float32; attr cols = F
//                                        (no /features group: identity features)
//   /nodes/original_id       N   int64   id of each node in the input file (ascending: prep numbers nodes in
//                                        ascending order of original id; docs/INGESTION.md)
//   /nodes/label             N   int32   class of each node, -1 unknown (prep --labels, or gen's communities; for
//                                        reports)
//   /split/train             M×2 int64   training edges (u < v), node ids as in /graph; attrs seed,
//   /split/{val,test}_{pos,neg} ×2 int64 val_fraction, test_fraction
//   /split/train_graph/{indptr,indices}  CSR of the training graph (both directions, sorted rows): what Â is
//                                        built from; the position of (u→v), u < v, in indices keys that edge's
//                                        negatives
//   /partition/k{K}/part     N   int32   owner rank of each node; attrs method, seed, edge_cut, edge_cut_fraction,
//                                        imbalance, max_halo. Built on the training graph of the current split.
//   /split.partial, /partition/k{K}.partial   the same, while being written (moved into place at the end;
//                                        a leftover one is from an interrupted write and is ignored/replaced)
// embeddings file (written by train); root attrs format_version, model, latent, epochs, seed, ranks
//   /embedding/mu            N×d float32 μ of every node, /graph order
//   /embedding/logstd        N×d float32 logσ (VGAE only)
//   /nodes/original_id       N   int64
// checkpoint directory (train --checkpoint-dir D; io/checkpoint.h). Checkpoints commit last: a checkpoint file
// is written as <name>.partial, fsynced and renamed, then every rank passes a barrier, then rank 0 writes the
// marker D/LATEST (also partial + fsync + rename). Only the checkpoint the marker names is ever read.
//   D/LATEST                 text        one line: the file name (not path) of the newest complete checkpoint
//   D/ckpt-{epoch:06}.h5     root attrs format_version, kind = "checkpoint", epoch (int64, last completed
//                            epoch), adam_step (int64), config (string: the effective training config as JSON),
//                            graph (string: graph file path as given), num_nodes, num_train_edges, split_seed
//                            (int64), parts (int64: ranks of the run), partition_method (string)
//     /checkpoint/params     P   float32 flat parameters: W0 (F × hidden) then W1 (hidden × head), row-major
//     /checkpoint/adam_m     P   float32 Adam first moment
//     /checkpoint/adam_v     P   float32 Adam second moment
//     /checkpoint/history/{loss,recon,kl,ms,val_auc,val_ap}  epoch float64 per completed epoch (val_* NaN
//                                        where validation did not run)
//   The RNG needs no state: every draw is keyed by (seed, stream, epoch, ids) (core/rng.h).
#pragma once

#include <cstdint>
#include <string>

namespace vgae::io {

inline constexpr std::int64_t kFormatVersion = 1;

namespace names {
inline constexpr const char* kFormatVersionAttr = "format_version";
inline constexpr const char* kNumNodesAttr = "num_nodes";
inline constexpr const char* kNumEdgesAttr = "num_edges";
// The effective options of the stage that wrote an object (TOML text, as `--config` reads it): root attribute
// prep_config (also gen's options); attribute config of /split and of /partition/k{K}; root attribute config (JSON) of
// embeddings.
inline constexpr const char* kPrepConfigAttr = "prep_config";
inline constexpr const char* kConfigAttr = "config";

inline constexpr const char* kGraphIndptr = "/graph/indptr";
inline constexpr const char* kGraphIndices = "/graph/indices";
inline constexpr const char* kFeaturesGroup = "/features";
inline constexpr const char* kFeaturesDense = "/features/dense";
inline constexpr const char* kFeaturesIndptr = "/features/indptr";
inline constexpr const char* kFeaturesIndices = "/features/indices";
inline constexpr const char* kFeaturesData = "/features/data";
inline constexpr const char* kFeaturesColsAttr = "cols";
inline constexpr const char* kOriginalId = "/nodes/original_id";
inline constexpr const char* kNodeLabel = "/nodes/label";  // N int32, optional (prep --labels, gen); -1: unknown

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
// split and partition write into an existing file under these temporary groups and move them into place
// (H5Lmove) only when complete, so an interrupted write leaves the previous /split or partition readable.
inline constexpr const char* kSplitTempGroup = "/split.partial";
inline std::string PartitionTempGroup(int parts) { return PartitionGroup(parts) + ".partial"; }
inline std::string PartitionPart(int parts) { return PartitionGroup(parts) + "/part"; }

inline constexpr const char* kEmbeddingMu = "/embedding/mu";
inline constexpr const char* kEmbeddingLogStd = "/embedding/logstd";

inline constexpr const char* kCheckpointMarker = "LATEST";
inline constexpr const char* kCheckpointPrefix = "ckpt-";
inline constexpr const char* kCheckpointSuffix = ".h5";
inline constexpr const char* kCheckpointKind = "checkpoint";
inline constexpr const char* kKindAttr = "kind";
inline constexpr const char* kCheckpointParams = "/checkpoint/params";
inline constexpr const char* kCheckpointAdamM = "/checkpoint/adam_m";
inline constexpr const char* kCheckpointAdamV = "/checkpoint/adam_v";
inline constexpr const char* kCheckpointHistory = "/checkpoint/history/";  // + loss, recon, kl, ms, val_auc, val_ap
}  // namespace names

}  // namespace vgae::io
