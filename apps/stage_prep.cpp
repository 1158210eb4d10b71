// prep: edge list + Matrix Market features → the graph file (canonical symmetric CSR, features, original ids).
#include <limits>
#include <numeric>
#include <sstream>

#include "apps/stage_progress.h"
#include "apps/stages.h"
#include "core/error.h"
#include "core/graph_build.h"
#include "io/format.h"
#include "io/graph_file.h"
#include "io/id_list.h"
#include "io/text_formats.h"

namespace vgae::app {
namespace {

// One label per node, node order; '#' lines and blank lines skipped (io/id_list.h).
std::vector<std::int32_t> ReadLabels(const std::string& path, std::int64_t n) {
  const auto values = io::ReadIdList(path);
  if (static_cast<std::int64_t>(values.size()) != n)
    throw IoError(detail::Concat(path, ": has ", values.size(), " labels, expected one per node (", n, ")"));
  std::vector<std::int32_t> labels(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] < -1 || values[i] > std::numeric_limits<std::int32_t>::max())
      throw IoError(detail::Concat(path, ": label of node ", i, " is ", values[i], ", expected -1 (unknown) or 0..2^31-1"));
    labels[i] = static_cast<std::int32_t>(values[i]);
  }
  return labels;
}

}  // namespace

void RunPrep(const PrepOptions& o) {
  StageProgress progress("prep", o.quiet);
  progress.Begin("reading edges");
  const auto edges = io::ReadEdgeList(o.edges, progress.Fraction());
  progress.End(detail::Concat(edges.data_lines, " lines"));
  std::optional<core::Csr<std::int32_t>> features;
  std::int64_t n = o.num_nodes > 0 ? o.num_nodes : edges.max_id + 1;
  if (!o.features.empty()) {
    progress.Begin("reading features");
    features = io::ReadMatrixMarket(o.features, progress.Fraction());
    progress.End(detail::Concat(features->rows, " x ", features->cols, ", ", features->Nnz(), " non-zeros"));
    if (o.num_nodes > 0 && features->rows != o.num_nodes)
      throw IoError(detail::Concat(o.features, ": has ", features->rows, " rows, expected --num-nodes = ", o.num_nodes));
    n = features->rows;
  }
  // Every id must name a node: ids beyond the feature rows (or --num-nodes) mean the files disagree.
  if (edges.max_id >= n) {
    std::int64_t line = 0;
    for (std::size_t i = 0; i < edges.src.size(); ++i)
      if (std::max(edges.src[i], edges.dst[i]) >= n) {
        line = static_cast<std::int64_t>(i);
        break;
      }
    throw IoError(detail::Concat(o.edges, ": node id ", edges.max_id, " is out of range: ",
                                 o.features.empty() ? "--num-nodes" : o.features, " has ", n,
                                 " nodes (ids 0..", n - 1, "); first offending edge is data line ", line + 1));
  }
  progress.Begin("building the symmetric graph");
  core::GraphBuildStats stats;
  const auto graph = core::BuildSymmetricGraph(n, edges.src, edges.dst, &stats);
  progress.End(detail::Concat(stats.undirected_edges, " undirected edges"));
  progress.Begin("writing " + o.out);
  std::vector<std::int64_t> original(static_cast<std::size_t>(n));
  std::iota(original.begin(), original.end(), 0);
  io::WriteGraphFile(o.out, graph, features, original);
  auto file = io::OpenGraphFile(o.out, true);
  file.SetAttr("/", io::names::kPrepConfigAttr, o.effective_config);
  if (!o.labels.empty()) file.Write<std::int32_t>(io::names::kNodeLabel, ReadLabels(o.labels, n), {static_cast<hsize_t>(n)});
  std::int64_t isolated = 0;
  for (std::int64_t i = 0; i < n; ++i) isolated += graph.indptr[i + 1] == graph.indptr[i];
  progress.End();
  std::ostringstream summary;
  summary << "prep: " << o.out << ": " << n << " nodes, " << stats.undirected_edges << " undirected edges ("
            << stats.input_edges << " read, " << stats.self_loops << " self-loops and " << stats.duplicates
            << " duplicates dropped), " << isolated << " isolated nodes, "
            << (features ? detail::Concat(features->cols, " features (", features->Nnz(), " non-zeros)")
                         : std::string("no features"));
  progress.Summary(summary.str());
}

}  // namespace vgae::app
