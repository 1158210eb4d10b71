// prep under mpirun (K ranks): rank r parses the lines that start in bytes [size*r/K, size*(r+1)/K) of the
// edge list, the ranks agree on the node numbering (identity, or the merged distinct ids), build their row
// blocks of the canonical graph (dist/row_block_build.h) and write them into one file collectively
// (dist/graph_writer.h). Every dataset holds the same bytes as
// the single-process prep. A .gz edge list cannot be split by bytes: rank 0 reads it whole and the exchange
// spreads its edges. Inputs that every rank reads (features, labels) are read by rank 0 first, so their errors
// are reported once; an error in rank r's range is reported by r with its line in the file.
#include <algorithm>
#include <limits>

#include "apps/prep_nodes.h"
#include "apps/stage_progress.h"
#include "apps/stages.h"
#include "core/error.h"
#include "dist/graph_writer.h"
#include "dist/row_block_build.h"
#include "io/edge_file.h"

namespace vgae::app {
namespace {

// Ranks that did not find the error wait here for main() on the failing rank to abort the job.
[[noreturn]] void WaitForAbort(const dist::Comm& comm) {
  comm.Barrier();
  throw InternalError("a rank failed without aborting the job");
}

// Reads on rank 0 first (so a bad input fails once, with rank 0's message), then on the others.
template <typename F>
auto RankZeroFirst(const dist::Comm& comm, F&& read) {
  if (comm.rank() == 0) {
    auto value = read();
    comm.Barrier();
    return value;
  }
  comm.Barrier();
  return read();
}

io::EdgeFile ReadMyRange(const dist::Comm& comm, const PrepOptions& o) {
  std::int64_t header[2] = {0, 0};  // size, gzip
  if (comm.rank() == 0) {
    header[0] = static_cast<std::int64_t>(io::FileSize(o.edges));
    header[1] = io::IsGzipFile(o.edges) ? 1 : 0;
  }
  comm.Broadcast<std::int64_t>(header, 0);
  const auto size = static_cast<std::uint64_t>(header[0]);
  io::EdgeRange range;
  if (header[1] == 0) {
    const auto k = static_cast<std::uint64_t>(comm.size()), r = static_cast<std::uint64_t>(comm.rank());
    range = io::ReadEdgeFileRange(o.edges, size * r / k, size * (r + 1) / k);
  } else if (comm.rank() == 0) {
    try {
      range.edges = io::ReadEdgeFile(o.edges);
    } catch (const IoError& e) {
      range.error = io::EdgeTextError{1, e.what()};  // reported below, as is
      range.edges.stats.lines = 0;
    }
  }
  // The first bad line in file order wins; its rank reports it with the lines of the earlier ranges added.
  // (A range's lines stop at its bad line, but only ranges before the first bad line count for it.)
  const std::int64_t before = comm.ExclusiveSum(range.edges.stats.lines);
  const std::int64_t at = range.error ? before + range.error->line : std::numeric_limits<std::int64_t>::max();
  const std::int64_t first = comm.AllreduceMin(at);
  if (first != std::numeric_limits<std::int64_t>::max()) {
    if (at != first) WaitForAbort(comm);
    if (header[1] != 0) throw IoError(range.error->what);
    io::ThrowEdgeError(o.edges, at, range.error->what);
  }
  const std::int64_t data_lines = comm.AllreduceSum(range.edges.stats.data_lines);
  const std::int64_t lines = comm.AllreduceSum(range.edges.stats.lines);
  if (data_lines == 0) {
    if (comm.rank() != 0) WaitForAbort(comm);
    io::ThrowNoEdges(o.edges, lines);
  }
  return std::move(range.edges);
}

core::NodeNumbering AgreeOnNumbering(const dist::Comm& comm, const PrepOptions& o, std::int64_t fixed,
                                     const io::EdgeFile& edges) {
  if (fixed > 0) {
    const std::int64_t local_lines = edges.stats.data_lines;
    std::int64_t first = std::numeric_limits<std::int64_t>::max(), k = 0;
    for (const auto& chunk : edges.pairs.chunks)
      for (std::size_t i = 0; i < chunk.size() && first == std::numeric_limits<std::int64_t>::max(); i += 2, ++k)
        if (chunk[i] >= fixed || chunk[i + 1] >= fixed) first = k;
    const std::int64_t offset = comm.ExclusiveSum(local_lines);
    const std::int64_t global_first =
        comm.AllreduceMin(first == std::numeric_limits<std::int64_t>::max() ? first : offset + first);
    const GlobalId max_id = comm.AllreduceMax(edges.pairs.max_id);
    if (max_id >= fixed) {
      if (comm.rank() != 0) WaitForAbort(comm);
      CheckIdsBelow(o, fixed, max_id, detail::Concat("data line ", global_first + 1));
    }
    return core::NodeNumbering::Identity(fixed);
  }
  return dist::NumberDistinctIds(comm, edges.pairs);
}

// Rows [begin, end) of the features, with a local indptr (sparse) or as a sub-span (dense).
void SliceFeatures(const std::optional<io::NodeFeatures>& features, std::int64_t begin, std::int64_t end,
                   io::GraphBlock& block, core::Csr<std::int32_t>& sparse_rows) {
  if (!features) return;
  if (features->dense) {
    const auto cols = static_cast<std::size_t>(features->Cols());
    block.dense = std::span<const float>(features->dense->values).subspan(static_cast<std::size_t>(begin) * cols,
                                                                         static_cast<std::size_t>(end - begin) * cols);
    return;
  }
  const auto& m = *features->sparse;
  sparse_rows.rows = end - begin;
  sparse_rows.cols = m.cols;
  sparse_rows.indptr.assign(m.indptr.begin() + begin, m.indptr.begin() + end + 1);
  for (auto& x : sparse_rows.indptr) x -= m.indptr[begin];
  sparse_rows.indices.assign(m.indices.begin() + m.indptr[begin], m.indices.begin() + m.indptr[end]);
  if (!m.values.empty())
    sparse_rows.values.assign(m.values.begin() + m.indptr[begin], m.values.begin() + m.indptr[end]);
  block.sparse = sparse_rows.View();
}

}  // namespace

void RunPrepParallel(const dist::Comm& comm, const PrepOptions& o) {
  StageProgress progress("prep", o.quiet || comm.rank() != 0);
  progress.Begin(detail::Concat("reading edges on ", comm.size(), " ranks"));
  auto edges = ReadMyRange(comm, o);
  const std::int64_t read = comm.AllreduceSum(edges.stats.data_lines);
  progress.End(detail::Concat(read, " edges"));
  const auto features = RankZeroFirst(comm, [&] { return ReadPrepFeatures(o, progress); });
  const std::int64_t fixed = FixedNodeCount(o, features);
  const auto numbering = AgreeOnNumbering(comm, o, fixed, edges);
  const std::int64_t n = numbering.NumNodes();
  const auto original = numbering.OriginalIds();
  const auto labels = RankZeroFirst(comm, [&] {
    return o.labels.empty() ? std::vector<std::int32_t>() : ReadLabels(o.labels, original, numbering.IsIdentity());
  });

  progress.Begin("building the symmetric graph");
  auto block_rows = dist::BuildRowBlock(comm, std::move(edges.pairs), numbering);
  core::GraphBuildStats stats;
  stats.input_edges = read;
  stats.self_loops = comm.AllreduceSum(block_rows.self_loops);
  stats.duplicates = comm.AllreduceSum(block_rows.duplicates) / 2;
  stats.reversed = comm.AllreduceSum(block_rows.reversed) / 2;
  stats.undirected_edges = comm.AllreduceSum(block_rows.rows.Nnz()) / 2;
  progress.End(detail::Concat(stats.undirected_edges, " undirected edges"));

  progress.Begin("writing " + o.out);
  auto block = PrepBlock(o, features);
  core::Csr<std::int32_t> feature_rows;
  SliceFeatures(features, block_rows.begin, block_rows.end, block, feature_rows);
  const auto rows = static_cast<std::size_t>(block_rows.end - block_rows.begin);
  block.num_nodes = n;
  block.row_begin = block_rows.begin;
  block.adjacency = block_rows.rows.View();
  block.original_ids = std::span<const GlobalId>(original).subspan(static_cast<std::size_t>(block_rows.begin), rows);
  if (!labels.empty()) block.labels = std::span<const std::int32_t>(labels).subspan(static_cast<std::size_t>(block_rows.begin), rows);
  dist::WriteGraphFile(comm, o.out, block);
  progress.End();
  std::int64_t isolated = 0;
  for (std::int64_t i = 0; i < block_rows.rows.rows; ++i) isolated += block_rows.rows.indptr[i + 1] == block_rows.rows.indptr[i];
  isolated = comm.AllreduceSum(isolated);
  progress.Summary(PrepSummary(o, n, stats, isolated, features, n > 0 && original.back() != n - 1));
}

}  // namespace vgae::app
