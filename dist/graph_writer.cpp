#include "dist/graph_writer.h"

#include "core/error.h"
#include "io/output.h"

namespace vgae::dist {

void WriteGraphFile(const Comm& comm, const std::string& path, const io::GraphBlock& block) {
  const std::int64_t rows = block.adjacency.rows, entries = block.adjacency.Nnz();
  const std::int64_t feature_entries = block.features == io::FeatureKind::kSparse ? block.sparse.Nnz() : 0;
  if (comm.ExclusiveSum(rows) != block.row_begin)
    throw InternalError(detail::Concat("rank ", comm.rank(), ": graph block starts at row ", block.row_begin,
                                       ", expected the end of the previous ranks' rows"));
  io::BlockPlacement p;
  p.entry_begin = comm.ExclusiveSum(entries);
  p.total_entries = comm.AllreduceSum(entries);
  p.feature_begin = comm.ExclusiveSum(feature_entries);
  p.total_feature_entries = comm.AllreduceSum(feature_entries);
  p.last = comm.rank() == comm.size() - 1;
  io::WriteGraphFilePartial(path, comm.raw(), block, p);
  comm.Barrier();
  if (comm.rank() == 0) io::CommitPartial(path);
  comm.Barrier();
}

}  // namespace vgae::dist
