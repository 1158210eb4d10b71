// The graph-file contract (io/format.h: /graph, /features, /nodes, root attributes) written from row blocks.
// Each process holds a contiguous block of rows [row_begin, row_begin + rows) of the symmetric CSR (local indptr
// starting at 0, global column ids sorted within rows) with its feature rows, original ids and labels. Where the
// block lands in the file (its offsets into the entry datasets, and the totals that size them) is a
// BlockPlacement: exclusive prefix sums that dist/ computes for several ranks (dist/graph_writer.h), or
// SingleBlockPlacement for one process. Every dataset holds the same bytes whatever the number of blocks.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <span>
#include <string>

#include "core/csr.h"
#include "core/types.h"

namespace vgae::io {

enum class FeatureKind { kNone, kDense, kSparse };

struct GraphBlock {
  std::int64_t num_nodes = 0;              // N of the whole graph
  std::int64_t row_begin = 0;              // global id of the block's first row
  core::CsrView<GlobalId> adjacency;       // the block's rows (rows = block size, cols = N)
  FeatureKind features = FeatureKind::kNone;  // the same on every process
  std::int64_t feature_dim = 0;            // F, the same on every process
  std::span<const float> dense;            // kDense: rows × F, row-major
  core::CsrView<std::int32_t> sparse;      // kSparse: the block's feature rows (empty values: all ones)
  std::span<const std::int64_t> original_ids;  // one per row
  bool has_labels = false;                 // the same on every process: write /nodes/label
  std::span<const std::int32_t> labels;    // one per row when has_labels
  std::string config;                      // root attribute prep_config when not empty (the same everywhere)
};

// Where a block goes: its first entry in /graph/indices and /features/{indices,data}, and the totals over all
// blocks. The last block (the one ending at N) also writes the closing entry of each indptr.
struct BlockPlacement {
  std::int64_t entry_begin = 0, total_entries = 0;
  std::int64_t feature_begin = 0, total_feature_entries = 0;
  bool last = true;
};

// The placement of a block that is the whole graph.
BlockPlacement SingleBlockPlacement(const GraphBlock& block);

// Creates PartialPath(path) (registered for removal on failure) and writes this process's block into it.
// comm == MPI_COMM_NULL: serial. Otherwise collective over comm (every rank passes its own block, and the
// same N, feature kind, labels flag, config and totals); the caller commits the file once every rank returned.
void WriteGraphFilePartial(const std::string& path, MPI_Comm comm, const GraphBlock& block,
                           const BlockPlacement& placement);

// One process: writes the whole graph as a single block and moves the file into place.
void WriteGraphFile(const std::string& path, const GraphBlock& block);

}  // namespace vgae::io
