#include "io/graph_writer.h"

#include <vector>

#include "core/error.h"
#include "io/format.h"
#include "io/h5.h"
#include "io/output.h"

namespace vgae::io {
namespace {

// indptr of a block shifted to its place in the file: one entry per row (where the row starts), plus the
// closing entry when the block is the last.
std::vector<std::int64_t> PlacedIndptr(std::span<const std::int64_t> local, std::int64_t rows, std::int64_t offset,
                                       bool last) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(rows + (last ? 1 : 0)));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = local[i] + offset;
  return out;
}

void CheckBlock(const std::string& path, const GraphBlock& b, const BlockPlacement& p) {
  const auto rows = b.adjacency.rows;
  const auto rows_ok = [&](std::size_t n, std::int64_t per_row) { return n == static_cast<std::size_t>(rows * per_row); };
  const bool ok = b.row_begin >= 0 && rows >= 0 && b.row_begin + rows <= b.num_nodes &&
                  (!p.last || b.row_begin + rows == b.num_nodes) &&
                  b.adjacency.indptr.size() == static_cast<std::size_t>(rows + 1) && b.adjacency.indptr[0] == 0 &&
                  b.adjacency.indices.size() == static_cast<std::size_t>(b.adjacency.Nnz()) &&
                  p.entry_begin + b.adjacency.Nnz() <= p.total_entries && rows_ok(b.original_ids.size(), 1) &&
                  (!b.has_labels || rows_ok(b.labels.size(), 1)) &&
                  (b.features != FeatureKind::kDense || rows_ok(b.dense.size(), b.feature_dim)) &&
                  (b.features != FeatureKind::kSparse ||
                   (b.sparse.rows == rows && b.sparse.indptr.size() == static_cast<std::size_t>(rows + 1) &&
                    b.sparse.indptr[0] == 0 && p.feature_begin + b.sparse.Nnz() <= p.total_feature_entries));
  if (!ok)
    throw InternalError(detail::Concat(path, ": inconsistent graph block: rows ", b.row_begin, "..", b.row_begin + rows,
                                       " of ", b.num_nodes, ", entries ", p.entry_begin, "+", b.adjacency.Nnz(), " of ",
                                       p.total_entries));
}

}  // namespace

BlockPlacement SingleBlockPlacement(const GraphBlock& block) {
  BlockPlacement p;
  p.total_entries = block.adjacency.Nnz();
  p.total_feature_entries = block.features == FeatureKind::kSparse ? block.sparse.Nnz() : 0;
  return p;
}

void WriteGraphFilePartial(const std::string& path, MPI_Comm comm, const GraphBlock& b, const BlockPlacement& p) {
  CheckBlock(path, b, p);
  RegisterPartial(path);
  const auto n = static_cast<hsize_t>(b.num_nodes);
  const auto rows = b.adjacency.rows;
  auto f = H5File::Open(PartialPath(path), H5File::Mode::kCreate, comm);
  // Metadata first, identically on every rank (collective in a parallel file); then each rank's ranges.
  f.SetAttr<std::int64_t>("/", names::kFormatVersionAttr, kFormatVersion);
  f.SetAttr<std::int64_t>("/", names::kNumNodesAttr, b.num_nodes);
  f.SetAttr<std::int64_t>("/", names::kNumEdgesAttr, p.total_entries / 2);
  if (!b.config.empty()) f.SetAttr("/", names::kPrepConfigAttr, b.config);
  f.Create<std::int64_t>(names::kGraphIndptr, {n + 1});
  f.Create<std::int64_t>(names::kGraphIndices, {static_cast<hsize_t>(p.total_entries)});
  if (b.features == FeatureKind::kDense) {
    f.Create<float>(names::kFeaturesDense, {n, static_cast<hsize_t>(b.feature_dim)});
  } else if (b.features == FeatureKind::kSparse) {
    const auto nnz = static_cast<hsize_t>(p.total_feature_entries);
    f.Create<std::int64_t>(names::kFeaturesIndptr, {n + 1});
    f.Create<std::int64_t>(names::kFeaturesIndices, {nnz});
    f.Create<float>(names::kFeaturesData, {nnz});
    f.SetAttr<std::int64_t>(names::kFeaturesGroup, names::kFeaturesColsAttr, b.feature_dim);
  }
  f.Create<std::int64_t>(names::kOriginalId, {n});
  if (b.has_labels) f.Create<std::int32_t>(names::kNodeLabel, {n});

  f.WriteRange<std::int64_t>(names::kGraphIndptr, b.row_begin,
                             PlacedIndptr(b.adjacency.indptr, rows, p.entry_begin, p.last));
  f.WriteRange<std::int64_t>(names::kGraphIndices, p.entry_begin, b.adjacency.indices);
  if (b.features == FeatureKind::kDense) {
    f.WriteRange<float>(names::kFeaturesDense, b.row_begin, b.dense);
  } else if (b.features == FeatureKind::kSparse) {
    f.WriteRange<std::int64_t>(names::kFeaturesIndptr, b.row_begin,
                               PlacedIndptr(b.sparse.indptr, rows, p.feature_begin, p.last));
    const std::vector<std::int64_t> cols(b.sparse.indices.begin(), b.sparse.indices.end());
    f.WriteRange<std::int64_t>(names::kFeaturesIndices, p.feature_begin, cols);
    if (b.sparse.values.empty()) {
      const std::vector<float> ones(cols.size(), 1.0f);
      f.WriteRange<float>(names::kFeaturesData, p.feature_begin, ones);
    } else {
      f.WriteRange<float>(names::kFeaturesData, p.feature_begin, b.sparse.values);
    }
  }
  f.WriteRange<std::int64_t>(names::kOriginalId, b.row_begin, b.original_ids);
  if (b.has_labels) f.WriteRange<std::int32_t>(names::kNodeLabel, b.row_begin, b.labels);
  f.Close();
}

void WriteGraphFile(const std::string& path, const GraphBlock& block) {
  WriteGraphFilePartial(path, MPI_COMM_NULL, block, SingleBlockPlacement(block));
  CommitPartial(path);
}

}  // namespace vgae::io
