#include "partition/report.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"

namespace vgae::partition {

std::int64_t HaloBytesPerEpoch(std::int64_t send_rows, const core::EncoderShape& shape) {
  return send_rows * core::HaloFloatsPerStep(shape) * static_cast<std::int64_t>(sizeof(float));
}

ReportRow MakeReportRow(const std::string& method, const PartitionQuality& q, std::int64_t undirected_edges,
                        const core::EncoderShape& shape, double seconds, double peak_mb) {
  VGAE_CHECK(q.parts >= 1 && q.halo_sizes.size() == static_cast<std::size_t>(q.parts) &&
             q.send_rows.size() == static_cast<std::size_t>(q.parts));
  ReportRow r;
  r.method = method;
  r.parts = q.parts;
  r.nodes = std::accumulate(q.part_sizes.begin(), q.part_sizes.end(), std::int64_t{0});
  r.undirected_edges = undirected_edges;
  r.edge_cut = q.edge_cut;
  r.edge_cut_fraction = q.edge_cut_fraction;
  r.halo_max = q.max_halo;
  r.halo_mean = static_cast<double>(std::accumulate(q.halo_sizes.begin(), q.halo_sizes.end(), std::int64_t{0})) /
                q.parts;
  const auto send_max = *std::max_element(q.send_rows.begin(), q.send_rows.end());
  const auto send_sum = std::accumulate(q.send_rows.begin(), q.send_rows.end(), std::int64_t{0});
  r.send_bytes_max = HaloBytesPerEpoch(send_max, shape);
  r.send_bytes_mean = static_cast<double>(HaloBytesPerEpoch(send_sum, shape)) / q.parts;
  r.imbalance = q.imbalance;
  r.seconds = seconds;
  r.peak_mb = peak_mb;
  return r;
}

}  // namespace vgae::partition
