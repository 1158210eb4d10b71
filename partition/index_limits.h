// The integer limits of the partitioners we call: METIS (idx_t) and PT-Scotch (SCOTCH_Num) are built here
// with 32-bit indices, so a graph with 2^31 or more nodes or adjacency entries must be refused before any
// narrowing conversion. A function of sizes alone, so tests can check it at sizes they could never allocate.
#pragma once

#include <cstdint>
#include <string>

namespace vgae::partition {

// Throws PartitionError naming `library` (e.g. "METIS (32-bit idx_t)") and the size that does not fit when
// nodes or adjacency_entries (the last xadj offset: 2 per undirected edge) exceeds index_max.
void CheckIndexCapacity(const std::string& library, std::int64_t index_max, std::int64_t nodes,
                        std::int64_t adjacency_entries);

}  // namespace vgae::partition
