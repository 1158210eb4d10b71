// split: seeded train/val/test split of the undirected edges, stored with the training graph's CSR.
#include <sstream>

#include "apps/stage_progress.h"
#include "apps/stages.h"
#include "core/error.h"
#include "core/edge_split.h"
#include "core/graph_build.h"
#include "io/format.h"
#include "io/graph_file.h"

namespace vgae::app {

void RunSplit(const SplitOptions& o) {
  StageProgress progress("split", o.quiet);
  progress.Begin("reading the graph");
  auto file = io::OpenGraphFile(o.graph, true);
  const auto graph = io::ReadGraph(file);
  progress.End(detail::Concat(graph.rows, " nodes, ", graph.Nnz() / 2, " undirected edges"));
  progress.Begin("shuffling edges and drawing negatives");
  const auto split = core::SplitEdges(graph.View(), o.val, o.test, o.seed, progress.Fraction());
  progress.End(detail::Concat(split.val_neg.size() / 2 + split.test_neg.size() / 2, " negatives"));
  progress.Begin("building the training graph");
  const auto train_graph = core::BuildSymmetricGraph(graph.rows, split.train);
  progress.End();
  progress.Begin("writing the split");
  io::WriteSplit(file, split, train_graph, {o.seed, o.val, o.test});
  file.SetAttr(io::names::kSplitGroup, io::names::kConfigAttr, o.effective_config);
  progress.End();
  std::ostringstream summary;
  summary << "split: " << o.graph << ": " << split.train.size() / 2 << " train, " << split.val_pos.size() / 2
            << " val, " << split.test_pos.size() / 2 << " test edges (seed " << o.seed
            << "); val/test negatives drawn from non-edges; stored partitions dropped";
  progress.Summary(summary.str());
}

}  // namespace vgae::app
