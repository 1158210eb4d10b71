// split: seeded train/val/test split of the undirected edges, stored with the training graph's CSR. Under
// mpirun every rank splits the edges of its block of rows (core/edge_split.h) and writes its share of /split
// collectively; the result is the same for any number of ranks.
#include <sstream>

#include "apps/stage_progress.h"
#include "apps/stages.h"
#include "core/edge_split.h"
#include "core/error.h"
#include "dist/comm_collective.h"
#include "io/format.h"
#include "io/graph_file.h"

namespace vgae::app {

void RunSplit(const SplitOptions& o, const dist::Comm* comm) {
  const int rank = comm ? comm->rank() : 0, size = comm ? comm->size() : 1;
  const core::SoloCollective solo;
  const std::optional<dist::CommCollective> over_comm = comm ? std::optional<dist::CommCollective>(*comm) : std::nullopt;
  const core::Collective& peers = comm ? static_cast<const core::Collective&>(*over_comm) : solo;
  StageProgress progress("split", o.quiet || rank != 0);

  progress.Begin("reading the graph");
  auto file = comm ? io::H5File::Open(o.graph, io::H5File::Mode::kReadWrite, comm->raw()) : io::OpenGraphFile(o.graph, true);
  file.CheckFormatVersion(io::kFormatVersion);
  file.Require(io::names::kGraphIndptr, "create the file with vgae_dist prep or gen");
  const auto n = static_cast<std::int64_t>(file.Dims(io::names::kGraphIndptr).at(0)) - 1;
  const GlobalId begin = n * rank / size, end = n * (rank + 1) / size;
  auto rows = io::ReadGraphRows(file, begin, end);
  progress.End(detail::Concat(n, " nodes, ", peers.Sum(rows.Nnz()) / 2, " undirected edges"));

  progress.Begin("keying edges and drawing negatives");
  const auto block = core::SplitEdgeBlock(rows.View(), begin, o.val, o.test, o.seed, peers, progress.Fraction());
  rows = {};
  const auto& lists = block.lists;
  const auto pairs = [](const std::vector<GlobalId>& flat) { return static_cast<std::int64_t>(flat.size() / 2); };
  io::SplitPlacement placement;
  placement.num_nodes = n;
  placement.row_begin = begin;
  placement.last = core::LastBlock(peers);
  placement.train = core::PlaceBlock(pairs(lists.train), peers);
  placement.val_pos = core::PlaceBlock(pairs(lists.val_pos), peers);
  placement.val_neg = core::PlaceBlock(pairs(lists.val_neg), peers);
  placement.test_pos = core::PlaceBlock(pairs(lists.test_pos), peers);
  placement.test_neg = core::PlaceBlock(pairs(lists.test_neg), peers);
  placement.train_entries = core::PlaceBlock(block.train_rows.Nnz(), peers);
  progress.End(detail::Concat(placement.val_neg.total + placement.test_neg.total, " negatives"));

  progress.Begin("writing the split");
  io::WriteSplitBlock(file, lists, block.train_rows.View(), placement, {o.seed, o.val, o.test});
  file.SetAttr(io::names::kSplitGroup, io::names::kConfigAttr, o.effective_config);
  file.Close();
  progress.End();
  std::ostringstream summary;
  summary << "split: " << o.graph << ": " << placement.train.total << " train, " << placement.val_pos.total << " val, "
          << placement.test_pos.total << " test edges (seed " << o.seed
          << "); val/test negatives drawn from non-edges; stored partitions dropped; " << size << " rank"
          << (size > 1 ? "s" : "");
  progress.Summary(summary.str());
}

}  // namespace vgae::app
