// One row of `vgae_dist partition --report`: a partition's quality reduced to the figures that decide training
// cost per rank (halo rows received, bytes sent per epoch), plus how long partitioning took and its memory.
// Bytes follow the encoder's exchanges exactly (core::HaloFloatsPerStep, 4-byte floats); the sampled loss's
// fetch of remote endpoints' embeddings (random negatives) and the gradient all-reduce (independent of the
// partition) are not included.
#pragma once

#include <cstdint>
#include <string>

#include "core/encoder.h"
#include "partition/partition.h"

namespace vgae::partition {

struct ReportRow {
  std::string method;
  int parts = 0;
  std::int64_t nodes = 0, undirected_edges = 0;
  std::int64_t edge_cut = 0;
  double edge_cut_fraction = 0;
  std::int64_t halo_max = 0;
  double halo_mean = 0;
  std::int64_t send_bytes_max = 0;  // per training epoch, the rank sending most
  double send_bytes_mean = 0;
  double imbalance = 0;
  double seconds = 0;   // partitioning alone (not reading or evaluating)
  double peak_mb = 0;   // peak resident memory of the (largest) partitioning process, MiB; 0 when unknown
};

// Bytes a part sends per training epoch when it sends `send_rows` halo rows per gather.
std::int64_t HaloBytesPerEpoch(std::int64_t send_rows, const core::EncoderShape& shape);

ReportRow MakeReportRow(const std::string& method, const PartitionQuality& q, std::int64_t undirected_edges,
                        const core::EncoderShape& shape, double seconds, double peak_mb);

}  // namespace vgae::partition
