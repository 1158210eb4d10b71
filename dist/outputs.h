// Collective output steps that need the communicator: the embeddings file is written by every rank, then
// committed (renamed into place) by rank 0 once all ranks have closed it.
#pragma once

#include <string>

#include "core/types.h"
#include "dist/comm.h"
#include "io/output.h"

namespace vgae::dist {

void WriteEmbeddings(const Comm& comm, const std::string& path, std::int64_t num_nodes,
                     std::span<const GlobalId> owned, const RowMatrixXf& mu, const RowMatrixXf& logstd,
                     std::span<const std::int64_t> original_ids, const io::EmbeddingAttrs& attrs);

}  // namespace vgae::dist
