// Whole-graph reads and writes of the serial stages (prep, split, partition). These hold the whole graph in
// one process, which is why they are stages of their own: training never calls them.
#pragma once

#include <optional>
#include <string>

#include "core/csr.h"
#include "core/edge_split.h"
#include "core/collective.h"
#include "core/types.h"
#include "io/h5.h"

namespace vgae::io {

// Creates the graph file atomically (written as PartialPath(path), then renamed).
void WriteGraphFile(const std::string& path, const core::Csr<GlobalId>& graph,
                    const std::optional<core::Csr<std::int32_t>>& features, std::span<const std::int64_t> original_ids);

// Opens an existing graph file for the serial stages and checks its version.
H5File OpenGraphFile(const std::string& path, bool writable);

core::Csr<GlobalId> ReadGraph(const H5File& file);
core::Csr<GlobalId> ReadTrainGraph(const H5File& file);  // IoError naming `vgae_dist split` when absent

struct SplitAttrs {
  std::uint64_t seed = 0;
  double val_fraction = 0, test_fraction = 0;
};
// Replaces /split and drops every stored partition (they were built on the previous training graph).
void WriteSplit(H5File& file, const core::EdgeSplit& split, const core::Csr<GlobalId>& train_graph,
                const SplitAttrs& attrs);

// Where a block of rows' split goes (core::PlaceBlock over the blocks): the first pair and total pairs of each
// list, and the block's entries of the training graph.
struct SplitPlacement {
  std::int64_t num_nodes = 0, row_begin = 0;
  bool last = true;  // the block ending at num_nodes: writes the closing indptr entry
  core::Slice train, val_pos, val_neg, test_pos, test_neg;  // in pairs
  core::Slice train_entries;
};
// The same from row blocks: in a file opened collectively every rank passes its block's lists (pairs whose u
// is one of its rows, sorted) and training rows, and the same attrs; serially one block is the whole split.
void WriteSplitBlock(H5File& file, const core::EdgeSplit& lists, const core::CsrView<GlobalId>& train_rows,
                     const SplitPlacement& placement, const SplitAttrs& attrs);

// Rows [begin, end) of /graph (local indptr from 0, global column ids; cols = num_nodes), checked.
core::Csr<GlobalId> ReadGraphRows(const H5File& file, GlobalId begin, GlobalId end);

struct PartitionAttrs {
  std::string method;
  std::uint64_t seed = 0;
  std::int64_t edge_cut = 0;
  double edge_cut_fraction = 0, imbalance = 0;
  std::int64_t max_halo = 0;
};
void WritePartition(H5File& file, int parts, std::span<const Rank> part, const PartitionAttrs& attrs);

}  // namespace vgae::io
