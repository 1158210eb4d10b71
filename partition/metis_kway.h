// Internal to vgae_partition: the single place that calls METIS. PartitionGraph (partition.cpp) has already
// checked 2 <= parts <= N and the graph's shape before calling in here.
#pragma once

#include <cstdint>
#include <vector>

#include "core/csr.h"
#include "core/types.h"

namespace vgae::partition {

// METIS_PartGraphKway, objective edge cut, default ufactor. Throws PartitionError when the graph exceeds the
// 32-bit idx_t or METIS returns anything other than METIS_OK.
std::vector<Rank> MetisKway(const core::CsrView<GlobalId>& graph, int parts, std::uint64_t seed);

}  // namespace vgae::partition
