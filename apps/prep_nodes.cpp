#include "apps/prep_nodes.h"

#include <limits>

#include "core/error.h"
#include "io/id_list.h"

namespace vgae::app {

std::int64_t FixedNodeCount(const PrepOptions& o, const std::optional<io::NodeFeatures>& features) {
  if (!features) return o.num_nodes;
  if (features->Rows() == 0) throw IoError(detail::Concat(o.features, ": has no rows, expected one per node"));
  if (o.num_nodes > 0 && features->Rows() != o.num_nodes)
    throw IoError(detail::Concat(o.features, ": has ", features->Rows(), " rows, expected --num-nodes = ", o.num_nodes));
  return features->Rows();
}

void CheckIdsBelow(const PrepOptions& o, std::int64_t n, GlobalId max_id, const std::string& first_edge) {
  if (max_id < n) return;
  throw IoError(detail::Concat(o.edges, ": node id ", max_id, " is out of range: ",
                               o.features.empty() ? "--num-nodes" : o.features, " has ", n, " nodes (ids 0..", n - 1,
                               o.features.empty() ? "" : "; row r of the features belongs to original id r",
                               "); first offending edge is ", first_edge));
}

std::vector<std::int32_t> ReadLabels(const std::string& path, std::span<const GlobalId> original_ids, bool identity) {
  const auto values = io::ReadIdList(path);
  const auto n = static_cast<std::int64_t>(original_ids.size());
  const auto count = static_cast<std::int64_t>(values.size());
  if (identity && count != n)
    throw IoError(detail::Concat(path, ": has ", count, " labels, expected one per node (", n, ")"));
  if (!identity && n > 0 && count <= original_ids.back())
    throw IoError(detail::Concat(path, ": has ", count, " labels, but the edge list names original id ",
                                 original_ids.back(), " (line r of the labels is the label of original id r)"));
  std::vector<std::int32_t> labels(original_ids.size());
  for (std::size_t i = 0; i < original_ids.size(); ++i) {
    const std::int64_t v = values[static_cast<std::size_t>(original_ids[i])];
    if (v < -1 || v > std::numeric_limits<std::int32_t>::max())
      throw IoError(detail::Concat(path, ": label of original id ", original_ids[i], " is ", v,
                                   ", expected -1 (unknown) or 0..2^31-1"));
    labels[i] = static_cast<std::int32_t>(v);
  }
  return labels;
}

}  // namespace vgae::app
