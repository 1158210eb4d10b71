// The stages of the vgae_dist command. Each takes its parsed options and throws on error; main() owns the
// exit code. prep, split and partition run on one process (rank 0 under mpirun) and hold the whole graph;
// train runs on every rank and reads only its shard.
#pragma once

#include <cstdint>
#include <string>

#include "dist/comm.h"
#include "dist/trainer.h"

namespace vgae::app {

struct PrepOptions {
  std::string edges, features, out;
  std::int64_t num_nodes = 0;  // 0: from the features' rows, else from the largest id
};
void RunPrep(const PrepOptions& o);

struct SplitOptions {
  std::string graph;
  double val = 0.05, test = 0.10;
  std::uint64_t seed = 1;
};
void RunSplit(const SplitOptions& o);

struct PartitionOptions {
  std::string graph;
  int parts = 1;
  std::string method = "metis";
  std::uint64_t seed = 1;
};
void RunPartition(const PartitionOptions& o);

struct TrainOptions {
  std::string graph, out, metrics;
  std::string model = "vgae", loss = "sampled", features = "stored", feature_norm = "l2", weighting = "tkipf";
  dist::TrainConfig config;
  bool quiet = false;
};
void RunTrain(const dist::Comm& comm, TrainOptions o);

}  // namespace vgae::app
