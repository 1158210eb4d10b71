// What a training rank reads from a graph file: its own rows and nothing more. Every read is a point or range
// selection in a file opened collectively (MPI-IO), so no rank holds the whole graph; only the part vector
// (4 bytes per node) is read whole.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/csr.h"
#include "core/types.h"
#include "io/h5.h"

namespace vgae::io {

struct GraphInfo {
  std::int64_t num_nodes = 0;
  std::int64_t num_edges = 0;         // undirected, full graph
  std::int64_t num_train_edges = 0;   // undirected
  std::int64_t feature_dim = 0;       // 0: no stored features
  bool features_dense = false;
};

// Rows of a CSR dataset pair: local indptr, the global column ids, and where each row starts in the file
// (a stable per-entry key).
struct CsrRows {
  core::Csr<GlobalId> rows;
  std::vector<std::int64_t> file_offset;
};

class GraphReader {
 public:
  // Opens collectively and checks the format version and that a split exists.
  GraphReader(const std::string& path, MPI_Comm comm);

  const GraphInfo& Info() const { return info_; }
  const std::string& Path() const { return file_.Path(); }

  // The part vector for K ranks. PartitionError naming the command that creates it when it is missing.
  std::vector<Rank> ReadPartition(int parts) const;

  // Training-graph rows of the listed nodes (ascending ids).
  CsrRows ReadTrainRows(std::span<const GlobalId> nodes) const;
  // Training-graph rows [begin, end) as two contiguous range reads (partition --method ptscotch: one block of
  // rows per rank). file_offset is left empty.
  core::Csr<GlobalId> ReadTrainRowBlock(GlobalId begin, GlobalId end) const;
  // Training-graph degrees of the listed nodes.
  std::vector<std::int64_t> ReadTrainDegrees(std::span<const GlobalId> nodes) const;
  // Feature rows of the listed nodes as CSR over feature columns (dense features are converted).
  core::Csr<std::int32_t> ReadFeatureRows(std::span<const GlobalId> nodes) const;
  std::vector<std::int64_t> ReadOriginalIds(std::span<const GlobalId> nodes) const;

  // Pairs [begin, begin + count) of a /split list, flattened.
  std::int64_t NumPairs(const std::string& dataset) const;
  std::vector<GlobalId> ReadPairs(const std::string& dataset, std::int64_t begin, std::int64_t count) const;

 private:
  // Values at positions p and p + 1 of a 1-D offsets dataset for every listed node, checked to span entries of
  // the `entries` dataset.
  std::vector<std::int64_t> ReadOffsets(const std::string& dataset, std::span<const GlobalId> nodes,
                                        const std::string& entries) const;

  // IoError unless every column id is a node id.
  void CheckColumnIds(std::span<const GlobalId> ids) const;

  H5File file_;
  GraphInfo info_;
};

}  // namespace vgae::io
