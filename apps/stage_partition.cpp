// partition: METIS k-way (or hash/block) on the training graph, stored per K with its quality figures.
#include <iomanip>
#include <sstream>

#include "apps/stage_progress.h"
#include "apps/stages.h"
#include "core/error.h"
#include "io/format.h"
#include "io/graph_file.h"
#include "partition/partition.h"

namespace vgae::app {

void RunPartition(const PartitionOptions& o) {
  const auto method = partition::ParseMethod(o.method);
  StageProgress progress("partition", o.quiet);
  progress.Begin("reading the training graph");
  auto file = io::OpenGraphFile(o.graph, true);
  const auto train = io::ReadTrainGraph(file);
  progress.End(detail::Concat(train.rows, " nodes, ", train.Nnz() / 2, " undirected edges"));
  // METIS is one call: a phase line, no fraction.
  progress.Begin(detail::Concat("partitioning into ", o.parts, " parts (", partition::MethodName(method), ")"));
  const auto part = partition::PartitionGraph(train.View(), o.parts, method, o.seed);
  progress.End();
  progress.Begin("measuring cut and halos");
  const auto q = partition::EvaluatePartition(train.View(), part, o.parts);
  progress.End();
  progress.Begin("writing the partition");
  io::WritePartition(file, o.parts, part, {partition::MethodName(method), o.seed, q.edge_cut, q.edge_cut_fraction,
                                           q.imbalance, q.max_halo});
  file.SetAttr(io::names::PartitionGroup(o.parts), io::names::kConfigAttr, o.effective_config);
  progress.End();
  std::ostringstream summary;
  summary << "partition: " << o.graph << ": k=" << o.parts << " (" << partition::MethodName(method)
            << ") edge cut " << q.edge_cut << "/" << train.Nnz() / 2 << " (" << std::fixed << std::setprecision(1)
            << 100.0 * q.edge_cut_fraction << "%), imbalance " << std::setprecision(3) << q.imbalance
            << ", largest halo " << q.max_halo << " nodes";
  progress.Summary(summary.str());
}

}  // namespace vgae::app
