// prep: edge list (+ features, + labels) → the graph file (canonical symmetric CSR, features, original ids).
// Single process here; under mpirun with several ranks the edges are parsed and the file written by every
// rank (apps/stage_prep_parallel.cpp). Node rules: apps/prep_nodes.h; formats and figures: docs/INGESTION.md.
#include <algorithm>
#include <sstream>
#include <thread>

#include "apps/prep_nodes.h"
#include "apps/stage_progress.h"
#include "apps/stages.h"
#include "core/error.h"
#include "core/graph_build.h"
#include "core/node_order.h"
#include "io/edge_file.h"
#include "io/graph_writer.h"

namespace vgae::app {
namespace {

// "data line k (u v)" of the first pair with an id >= n.
std::string FirstEdgeAtOrOver(const core::EdgePairs& pairs, std::int64_t n) {
  std::int64_t k = 0;
  for (const auto& chunk : pairs.chunks)
    for (std::size_t i = 0; i < chunk.size(); i += 2, ++k)
      if (chunk[i] >= n || chunk[i + 1] >= n) return detail::Concat("data line ", k + 1);
  return "none";
}

}  // namespace

std::optional<io::NodeFeatures> ReadPrepFeatures(const PrepOptions& o, StageProgress& progress) {
  if (o.features.empty()) return std::nullopt;
  progress.Begin("reading features");
  auto features = io::ReadNodeFeatures(o.features, progress.Fraction());
  progress.End(detail::Concat(features.Rows(), " x ", features.Cols(), ", ", features.Nonzeros(), " non-zeros"));
  return features;
}

io::GraphBlock PrepBlock(const PrepOptions& o, const std::optional<io::NodeFeatures>& features) {
  io::GraphBlock block;
  if (features) {
    block.features = features->sparse ? io::FeatureKind::kSparse : io::FeatureKind::kDense;
    block.feature_dim = features->Cols();
    if (features->sparse) block.sparse = features->sparse->View();
    if (features->dense) block.dense = features->dense->values;
  }
  block.has_labels = !o.labels.empty();
  block.config = o.effective_config;
  return block;
}

std::string PrepSummary(const PrepOptions& o, std::int64_t n, const core::GraphBuildStats& stats, std::int64_t isolated,
                        const std::optional<io::NodeFeatures>& features, bool renumbered) {
  std::ostringstream s;
  s << "prep: " << o.out << ": " << n << " nodes" << (renumbered ? " (ids renumbered)" : "") << ", "
    << stats.undirected_edges << " undirected edges (" << stats.input_edges << " read, " << stats.self_loops
    << " self-loops and " << stats.duplicates << " duplicates dropped, " << stats.reversed
    << " of them reverse pairs), " << isolated << " isolated nodes, "
    << (features ? detail::Concat(features->Cols(), " features (", features->Nonzeros(), " non-zeros)")
                 : std::string("no features"));
  return s.str();
}

// Renumbers the nodes by reverse Cuthill–McKee (core/node_order.h): the graph, and in the same order the
// features' rows, the labels and the original ids. Returns the summary's note on how near neighbours now are.
std::string ApplyRcmOrder(core::Csr<GlobalId>& graph, std::optional<io::NodeFeatures>& features,
                          std::vector<GlobalId>& original, std::vector<std::int32_t>& labels) {
  const auto before = core::Spread(graph.View());
  const auto order = core::ReverseCuthillMcKee(graph.View());
  graph = core::PermuteGraph(graph.View(), order);
  original = core::PermuteRows<GlobalId>(original, 1, order);
  if (!labels.empty()) labels = core::PermuteRows<std::int32_t>(labels, 1, order);
  if (features && features->sparse) *features->sparse = core::PermuteRows(features->sparse->View(), order);
  if (features && features->dense)
    features->dense->values = core::PermuteRows<float>(features->dense->values, features->dense->cols, order);
  const auto after = core::Spread(graph.View());
  std::ostringstream s;
  s.precision(3);
  s << "mean |i - j| over edges " << before.mean_distance << " -> " << after.mean_distance << ", bandwidth "
    << before.bandwidth << " -> " << after.bandwidth;
  return s.str();
}

void RunPrep(const PrepOptions& options, const dist::Comm* comm) {
  if (comm && options.node_order != "natural")
    throw ConfigError("prep --node-order " + options.node_order +
                      " orders the whole graph in one process: run prep without mpirun (or with one rank)");
  if (comm) return RunPrepParallel(*comm, options);
  PrepOptions o = options;
  if (o.threads <= 0) o.threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  StageProgress progress("prep", o.quiet);
  progress.Begin("reading edges");
  auto edges = io::ReadEdgeFile(o.edges, o.threads, progress.Fraction());
  progress.End(detail::Concat(edges.stats.data_lines, " lines"));
  auto features = ReadPrepFeatures(o, progress);
  const std::int64_t fixed = FixedNodeCount(o, features);
  if (fixed > 0) CheckIdsBelow(o, fixed, edges.pairs.max_id, FirstEdgeAtOrOver(edges.pairs, fixed));
  const auto numbering = fixed > 0 ? core::NodeNumbering::Identity(fixed) : core::NodeNumbering::OfDistinctIds(edges.pairs);
  const std::int64_t n = numbering.NumNodes();
  auto original = numbering.OriginalIds();
  std::vector<std::int32_t> labels;
  if (!o.labels.empty()) labels = ReadLabels(o.labels, original, numbering.IsIdentity());

  progress.Begin("building the symmetric graph");
  core::GraphBuildStats stats;
  auto graph = core::BuildSymmetricGraph(std::move(edges.pairs), numbering, &stats, o.threads);
  progress.End(detail::Concat(stats.undirected_edges, " undirected edges"));
  const bool renumbered = n > 0 && original.back() != n - 1;
  std::string order_note;
  if (o.node_order == "rcm") {
    progress.Begin("ordering the nodes (reverse Cuthill-McKee)");
    order_note = ApplyRcmOrder(graph, features, original, labels);
    progress.End(order_note);
  }

  progress.Begin("writing " + o.out);
  auto block = PrepBlock(o, features);
  block.num_nodes = n;
  block.adjacency = graph.View();
  block.original_ids = original;
  block.labels = labels;
  io::WriteGraphFile(o.out, block);
  progress.End();
  std::int64_t isolated = 0;
  for (std::int64_t i = 0; i < n; ++i) isolated += graph.indptr[i + 1] == graph.indptr[i];
  auto summary = PrepSummary(o, n, stats, isolated, features, renumbered || !order_note.empty());
  if (!order_note.empty()) summary += "; nodes in reverse Cuthill-McKee order (" + order_note + ")";
  progress.Summary(summary);
}

}  // namespace vgae::app
