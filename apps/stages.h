// The stages of the vgae_dist command. Each takes its parsed options and throws on error; main() owns the
// exit code. prep, split and partition run on one process (rank 0 under mpirun) and hold the whole graph;
// train runs on every rank and reads only its shard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dist/comm.h"
#include "dist/trainer.h"

namespace vgae::app {

struct PrepOptions {
  std::string edges, features, out;
  std::string labels;  // optional: one integer label per node, in node order
  std::int64_t num_nodes = 0;  // 0: from the features' rows, else from the largest id
  std::string effective_config;  // TOML of every option's value, stored as the root attribute prep_config
  bool quiet = false;  // nothing on stdout (apps/stage_progress.h)
};
void RunPrep(const PrepOptions& o);

struct SplitOptions {
  std::string graph;
  double val = 0.05, test = 0.10;
  std::uint64_t seed = 1;
  std::string effective_config;  // stored as the attribute config of /split
  bool quiet = false;  // nothing on stdout (apps/stage_progress.h)
};
void RunSplit(const SplitOptions& o);

struct PartitionOptions {
  std::string graph;
  int parts = 1;
  std::string method = "metis";
  std::uint64_t seed = 1;
  std::string effective_config;  // stored as the attribute config of /partition/k{K}
  bool quiet = false;  // nothing on stdout (apps/stage_progress.h)
};
void RunPartition(const PartitionOptions& o);

struct PredictOptions {
  std::string embeddings, graph, nodes_file, out;
  std::optional<std::int64_t> node;  // original id; exactly one of node and nodes_file
  int top = 10;
  bool quiet = false;  // no table on stdout (with --out)
};
void RunPredict(const PredictOptions& o);

struct TrainOptions {
  std::string graph, out, metrics;
  std::string model = "vgae", loss = "sampled", features = "stored", feature_norm = "l2", weighting = "tkipf";
  dist::TrainConfig config;
  bool quiet = false;
  std::string log_format = "text";  // text | json (apps/epoch_printer.h)
  // Fault tolerance (docs/FAULT_TOLERANCE.md).
  std::string checkpoint_dir;
  int checkpoint_every = 0;  // 0: only when stopped by a signal
  int keep_checkpoints = 2;
  bool resume = false;
  std::string max_memory;  // "" : MemAvailable shared by the ranks of this node
  int threads = 0;         // 0: OMP_NUM_THREADS, else the node's cores shared by its ranks
};
// Returns the process exit code: 0, or dist::kStopExitCode (75) when a signal stopped training early.
int RunTrain(const dist::Comm& comm, TrainOptions o);

}  // namespace vgae::app
