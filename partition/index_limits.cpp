#include "partition/index_limits.h"

#include "core/error.h"

namespace vgae::partition {

void CheckIndexCapacity(const std::string& library, std::int64_t index_max, std::int64_t nodes,
                        std::int64_t adjacency_entries) {
  // nodes itself must fit (nvtxs) and so must every offset of xadj, the last being adjacency_entries.
  if (nodes > index_max) {
    throw PartitionError(detail::Concat(library, " cannot partition a graph with ", nodes, " nodes: at most ",
                                        index_max, " fit its index type (use a 64-bit build or --method hash)"));
  }
  if (adjacency_entries > index_max) {
    throw PartitionError(detail::Concat(library, " cannot partition a graph with ", adjacency_entries,
                                        " adjacency entries (2 per undirected edge): at most ", index_max,
                                        " fit its index type (use a 64-bit build or --method hash)"));
  }
}

}  // namespace vgae::partition
