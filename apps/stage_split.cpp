// split: seeded train/val/test split of the undirected edges, stored with the training graph's CSR.
#include <iostream>

#include "apps/stages.h"
#include "core/edge_split.h"
#include "core/graph_build.h"
#include "io/format.h"
#include "io/graph_file.h"

namespace vgae::app {

void RunSplit(const SplitOptions& o) {
  auto file = io::OpenGraphFile(o.graph, true);
  const auto graph = io::ReadGraph(file);
  const auto split = core::SplitEdges(graph.View(), o.val, o.test, o.seed);
  const auto train_graph = core::BuildSymmetricGraph(graph.rows, split.train);
  io::WriteSplit(file, split, train_graph, {o.seed, o.val, o.test});
  file.SetAttr(io::names::kSplitGroup, io::names::kConfigAttr, o.effective_config);
  std::cout << "split: " << o.graph << ": " << split.train.size() / 2 << " train, " << split.val_pos.size() / 2
            << " val, " << split.test_pos.size() / 2 << " test edges (seed " << o.seed
            << "); val/test negatives drawn from non-edges; stored partitions dropped\n";
}

}  // namespace vgae::app
