// Collective write of a graph file from row blocks: each rank passes its contiguous rows (io/graph_writer.h),
// this places them with exclusive prefix sums of the entry counts, writes through MPI-IO and, once every rank
// is done, rank 0 moves the file into place. Same file contents for any number of ranks.
#pragma once

#include <string>

#include "dist/comm.h"
#include "io/graph_writer.h"

namespace vgae::dist {

// Blocks must be in rank order and cover [0, N): rank r's row_begin is the end of rank r-1's rows.
void WriteGraphFile(const Comm& comm, const std::string& path, const io::GraphBlock& block);

}  // namespace vgae::dist
