// Training checkpoints on disk (layout in io/format.h): one serial HDF5 file per checkpoint plus the marker
// D/LATEST naming the newest complete one. Serial because the state is replicated: rank 0 alone writes it.
// Invariants: a checkpoint file appears under its final name only once complete (partial + fsync + rename);
// readers open only the file the marker names, so a crash at any point leaves the previous checkpoint usable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vgae::io {

// What identifies the graph, split and partition a run trained on.
struct GraphIdentity {
  std::string graph;  // path as given on the command line
  std::int64_t num_nodes = 0;
  std::int64_t num_train_edges = 0;
  std::int64_t split_seed = 0;
  std::int64_t parts = 1;            // ranks of the run
  std::string partition_method;      // "" when a single rank ran without a stored partition
};

// Reads the identity of a graph file for a run on `parts` ranks (serial open; call before opening it
// collectively).
GraphIdentity ReadGraphIdentity(const std::string& graph_path, int parts);

// Per-epoch history columns; val_* are NaN where validation did not run.
struct CheckpointHistory {
  std::vector<double> loss, recon, kl, ms, val_auc, val_ap;
};

struct Checkpoint {
  std::int64_t epoch = 0;  // last completed epoch
  std::vector<float> params, adam_m, adam_v;
  std::int64_t adam_step = 0;
  CheckpointHistory history;
  std::string config_json;
  GraphIdentity identity;
};

// "ckpt-000012.h5".
std::string CheckpointFileName(std::int64_t epoch);

// Serial: writes dir/CheckpointFileName(c.epoch) atomically. Does not touch the marker.
// Test hook: VGAE_FAULT_INJECT_CHECKPOINT_CRASH_EPOCH=N makes the process _exit(1) half-way through writing
// the checkpoint of epoch N (after the partial file holds the parameters).
std::string WriteCheckpointFile(const std::string& dir, const Checkpoint& c);
Checkpoint ReadCheckpointFile(const std::string& path);

// Serial: makes dir/LATEST name `file_name` (partial + fsync + rename), then removes the checkpoint files that
// are not among the `keep` newest up to the one just committed (and any newer, uncommitted ones).
void CommitLatestCheckpoint(const std::string& dir, const std::string& file_name, int keep);

// The path of the checkpoint dir/LATEST names; nullopt when there is no marker. IoError when the marker names
// a file that does not exist.
std::optional<std::string> LatestCheckpoint(const std::string& dir);

// ConfigError naming the first mismatch when a run with this config (JSON, as in the checkpoint) on this graph
// cannot continue from the checkpoint. The rank count may differ; training keys (model, widths, lr, seed, loss,
// features) and the graph's size and split may not.
void CheckResumable(const Checkpoint& c, const std::string& path, const std::string& config_json,
                    const GraphIdentity& here, std::size_t num_params);

}  // namespace vgae::io
