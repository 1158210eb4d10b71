// gen: a synthetic DC-SBM graph file for scale tests (core/dcsbm.h). Each rank draws the edges of its block of
// node ids, sends every drawn edge's reverse to the owner of its target (one Alltoallv), assembles its rows
// (sorted, deduplicated, both directions) and writes them with the collective graph writer. Draws are keyed by
// node ids, so the file does not depend on the number of ranks. Peak memory per rank is about 4 × 8 bytes per
// entry of its rows (drawn edges, reversed pairs sent and received, the assembled rows).
#include <sstream>

#include "apps/stage_progress.h"
#include "apps/stages.h"
#include "core/error.h"
#include "dist/graph_writer.h"
#include "io/graph_writer.h"

namespace vgae::app {

void RunGen(const GenOptions& o, const dist::Comm* comm) {
  const int rank = comm ? comm->rank() : 0, size = comm ? comm->size() : 1;
  StageProgress progress("gen", o.quiet || rank != 0);
  const core::Dcsbm model(o.model);
  const auto n = o.model.nodes;
  std::vector<GlobalId> vtxdist(static_cast<std::size_t>(size) + 1);
  for (int r = 0; r <= size; ++r) vtxdist[r] = n * r / size;
  const GlobalId begin = vtxdist[rank], end = vtxdist[rank + 1];

  progress.Begin("drawing edges");
  auto drawn = model.DrawBlock(begin, end);
  progress.End(detail::Concat(drawn.Nnz(), " draws on rank 0"));
  progress.Begin(size > 1 ? "exchanging reversed edges" : "reversing edges");
  std::vector<int> send_counts, recv_counts;
  auto reversed = core::ReversedByOwner(begin, drawn, vtxdist, send_counts);
  if (comm) reversed = comm->Alltoallv<GlobalId>(reversed, send_counts, recv_counts);
  progress.End();
  progress.Begin("assembling rows");
  const auto rows = core::AssembleRows(n, begin, drawn, reversed);
  drawn = {};
  std::vector<GlobalId>().swap(reversed);
  progress.End(detail::Concat(rows.Nnz(), " entries on rank 0"));

  progress.Begin("features and labels");
  const auto f = o.model.feature_dim;
  std::vector<float> features(static_cast<std::size_t>((end - begin) * f));
  std::vector<std::int32_t> labels(static_cast<std::size_t>(end - begin));
  std::vector<std::int64_t> original(labels.size());
  for (GlobalId u = begin; u < end; ++u) {
    const auto i = static_cast<std::size_t>(u - begin);
    model.Features(u, std::span<float>(features).subspan(i * static_cast<std::size_t>(f), static_cast<std::size_t>(f)));
    labels[i] = model.Community(u);
    original[i] = u;
  }
  progress.End();

  progress.Begin("writing " + o.out);
  io::GraphBlock block;
  block.num_nodes = n;
  block.row_begin = begin;
  block.adjacency = rows.View();
  block.features = f > 0 ? io::FeatureKind::kDense : io::FeatureKind::kNone;
  block.feature_dim = f;
  block.dense = features;
  block.original_ids = original;
  block.has_labels = true;
  block.labels = labels;
  block.config = o.effective_config;
  if (comm)
    dist::WriteGraphFile(*comm, o.out, block);
  else
    io::WriteGraphFile(o.out, block);
  progress.End();

  const std::int64_t entries = comm ? comm->AllreduceSum(rows.Nnz()) : rows.Nnz();
  std::int64_t isolated = 0;
  for (std::int64_t i = 0; i < rows.rows; ++i) isolated += rows.indptr[i + 1] == rows.indptr[i];
  if (comm) isolated = comm->AllreduceSum(isolated);
  std::ostringstream summary;
  summary << "gen: " << o.out << ": " << n << " nodes, " << entries / 2 << " undirected edges (mean degree "
          << static_cast<double>(entries) / static_cast<double>(n) << "), " << isolated << " isolated nodes, "
          << o.model.communities << " communities, " << f << " dense features; " << size << " rank"
          << (size > 1 ? "s" : "");
  progress.Summary(summary.str());
}

}  // namespace vgae::app
