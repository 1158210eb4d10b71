// partition: METIS k-way (or hash/block) on the training graph, stored per K with its quality figures.
#include <iomanip>
#include <iostream>

#include "apps/stages.h"
#include "io/format.h"
#include "io/graph_file.h"
#include "partition/partition.h"

namespace vgae::app {

void RunPartition(const PartitionOptions& o) {
  const auto method = partition::ParseMethod(o.method);
  auto file = io::OpenGraphFile(o.graph, true);
  const auto train = io::ReadTrainGraph(file);
  const auto part = partition::PartitionGraph(train.View(), o.parts, method, o.seed);
  const auto q = partition::EvaluatePartition(train.View(), part, o.parts);
  io::WritePartition(file, o.parts, part, {partition::MethodName(method), o.seed, q.edge_cut, q.edge_cut_fraction,
                                           q.imbalance, q.max_halo});
  file.SetAttr(io::names::PartitionGroup(o.parts), io::names::kConfigAttr, o.effective_config);
  std::cout << "partition: " << o.graph << ": k=" << o.parts << " (" << partition::MethodName(method)
            << ") edge cut " << q.edge_cut << "/" << train.Nnz() / 2 << " (" << std::fixed << std::setprecision(1)
            << 100.0 * q.edge_cut_fraction << "%), imbalance " << std::setprecision(3) << q.imbalance
            << ", largest halo " << q.max_halo << " nodes\n";
}

}  // namespace vgae::app
