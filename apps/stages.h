// The stages of the vgae_dist command. Each takes its parsed options and throws on error; main() owns the
// exit code. prep, gen and split run on every rank when launched with several (each holds a block of rows),
// else on one process without MPI; partition runs on one process (rank 0 under mpirun) and holds the whole
// graph, except partition --method ptscotch, which runs on every rank with one block of rows each; train runs
// on every rank and reads only its shard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dcsbm.h"
#include "dist/comm.h"
#include "dist/trainer.h"

namespace vgae::app {

struct PrepOptions {
  std::string edges, features, out;
  std::string labels;  // optional: one integer label per node, in node order
  std::int64_t num_nodes = 0;  // 0: from the features' rows, else the distinct ids of the edge list
  int threads = 0;             // parse and sort threads (0: every core, at most 8)
  std::string node_order = "natural";  // "natural" (ids as numbered) or "rcm" (core/node_order.h); one process only
  std::string effective_config;  // TOML of every option's value, stored as the root attribute prep_config
  bool quiet = false;  // nothing on stdout (apps/stage_progress.h)
};
// comm: null for one process; otherwise every rank parses a byte range of the edge list and writes its rows
// (collective; apps/stage_prep_parallel.cpp).
void RunPrep(const PrepOptions& o, const dist::Comm* comm);

struct GenOptions {
  core::DcsbmParams model;
  std::string out;
  std::string effective_config;  // stored as the root attribute prep_config
  bool quiet = false;
};
// Generates a DC-SBM graph file (core/dcsbm.h). comm == nullptr: one process without MPI; otherwise every rank
// of comm generates and writes its block of rows, and the file is the same for any number of ranks.
void RunGen(const GenOptions& o, const dist::Comm* comm);

struct SplitOptions {
  std::string graph;
  double val = 0.05, test = 0.10;
  std::uint64_t seed = 1;
  std::string effective_config;  // stored as the attribute config of /split
  bool quiet = false;  // nothing on stdout (apps/stage_progress.h)
};
// comm == nullptr: one process without MPI; otherwise every rank splits its block of rows (same result).
void RunSplit(const SplitOptions& o, const dist::Comm* comm);

struct PartitionOptions {
  std::string graph;
  std::vector<int> parts;  // one partition per K, stored as /partition/k{K}
  std::string method = "metis";
  std::uint64_t seed = 1;
  bool report = false;                 // print a table per K (apps/partition_report.h)
  std::string report_format = "text";  // text | markdown | json (the latter two: stdout holds the table alone)
  std::string model = "vgae";          // the model whose halo traffic the report counts ...
  int hidden = 32, latent = 16;        // ... and its widths (train's defaults)
  std::string effective_config;  // stored as the attribute config of /partition/k{K}
  bool quiet = false;  // nothing on stdout (apps/stage_progress.h)
};
// metis | hash | block, on one process.
void RunPartition(const PartitionOptions& o);
// ptscotch, collective over comm (any number of processes, 1 included).
void RunPartitionDistributed(const dist::Comm& comm, const PartitionOptions& o);

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
