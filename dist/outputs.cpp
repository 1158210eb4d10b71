#include "dist/outputs.h"

namespace vgae::dist {

void WriteEmbeddings(const Comm& comm, const std::string& path, std::int64_t num_nodes,
                     std::span<const GlobalId> owned, const RowMatrixXf& mu, const RowMatrixXf& logstd,
                     std::span<const std::int64_t> original_ids, const io::EmbeddingAttrs& attrs) {
  io::WriteEmbeddingsPartial(path, comm.raw(), num_nodes, owned, mu, logstd, original_ids, attrs);
  comm.Barrier();
  if (comm.rank() == 0) io::CommitPartial(path);
  comm.Barrier();
}

}  // namespace vgae::dist
