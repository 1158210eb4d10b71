// Serial reads of an embeddings file (written by train) and of the graph rows that link prediction needs:
// μ by row ranges (so a large file is streamed, never held whole), original ids, and the neighbours of a few
// nodes. The original-id lookup and the consistency check between the two files live here too.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/types.h"
#include "io/h5.h"

namespace vgae::io {

class EmbeddingsReader {
 public:
  explicit EmbeddingsReader(const std::string& path);  // checks the format version and the shapes

  const std::string& Path() const { return file_.Path(); }
  std::int64_t NumNodes() const { return num_nodes_; }
  int Dim() const { return dim_; }
  RowMatrixXf ReadMuRows(std::int64_t begin, std::int64_t count) const;
  RowMatrixXf ReadMu(std::span<const GlobalId> rows) const;
  std::vector<std::int64_t> ReadOriginalIds() const;

 private:
  H5File file_;
  std::int64_t num_nodes_ = 0;
  int dim_ = 0;
};

// Rows (node ids) of the listed original ids; IoError naming `source` and the first id that no node has.
std::vector<GlobalId> NodesOfOriginalIds(std::span<const std::int64_t> original_ids, std::span<const std::int64_t> wanted,
                                         const std::string& source);

// The full-graph (/graph) neighbours of each listed node, read row by row from a graph file.
std::vector<std::vector<GlobalId>> ReadGraphNeighbours(const H5File& graph, std::span<const GlobalId> nodes);

// Node count and original ids of a graph file, checked against an embeddings file: the same N and ids.
void CheckSameNodes(const H5File& graph, const EmbeddingsReader& embeddings);

}  // namespace vgae::io
