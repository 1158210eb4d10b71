#include "io/embeddings_file.h"

#include "core/error.h"
#include "io/format.h"

namespace vgae::io {

EmbeddingsReader::EmbeddingsReader(const std::string& path) : file_(H5File::Open(path, H5File::Mode::kRead)) {
  file_.CheckFormatVersion(kFormatVersion);
  file_.Require(names::kEmbeddingMu, "not an embeddings file (written by vgae_dist train --out)");
  const auto dims = file_.Dims(names::kEmbeddingMu);
  if (dims.size() != 2 || dims[1] == 0)
    throw IoError(detail::Concat(path, ": ", names::kEmbeddingMu, " should be N x d with d > 0, found rank ", dims.size()));
  num_nodes_ = static_cast<std::int64_t>(dims[0]);
  dim_ = static_cast<int>(dims[1]);
  const auto ids = file_.Dims(names::kOriginalId);
  if (ids.size() != 1 || static_cast<std::int64_t>(ids[0]) != num_nodes_)
    throw IoError(detail::Concat(path, ": ", names::kOriginalId, " should hold ", num_nodes_, " ids (one per row of ",
                                 names::kEmbeddingMu, ")"));
}

RowMatrixXf EmbeddingsReader::ReadMuRows(std::int64_t begin, std::int64_t count) const {
  const auto flat = file_.ReadRowRange<float>(names::kEmbeddingMu, begin, count);
  return Eigen::Map<const RowMatrixXf>(flat.data(), count, dim_);
}

RowMatrixXf EmbeddingsReader::ReadMu(std::span<const GlobalId> rows) const {
  const auto flat = file_.ReadRows<float>(names::kEmbeddingMu, rows);
  return Eigen::Map<const RowMatrixXf>(flat.data(), static_cast<Eigen::Index>(rows.size()), dim_);
}

std::vector<std::int64_t> EmbeddingsReader::ReadOriginalIds() const {
  return file_.ReadAll<std::int64_t>(names::kOriginalId);
}

std::vector<GlobalId> NodesOfOriginalIds(std::span<const std::int64_t> original_ids, std::span<const std::int64_t> wanted,
                                         const std::string& source) {
  std::unordered_map<std::int64_t, GlobalId> node_of;
  for (auto id : wanted) node_of.emplace(id, -1);
  for (std::size_t row = 0; row < original_ids.size(); ++row) {
    auto it = node_of.find(original_ids[row]);
    if (it != node_of.end() && it->second < 0) it->second = static_cast<GlobalId>(row);
  }
  std::vector<GlobalId> nodes;
  nodes.reserve(wanted.size());
  for (auto id : wanted) {
    const GlobalId node = node_of.at(id);
    if (node < 0)
      throw IoError(detail::Concat(source, ": no node has original id ", id, " (the input edge list has ",
                                   original_ids.size(), " nodes)"));
    nodes.push_back(node);
  }
  return nodes;
}

std::vector<std::vector<GlobalId>> ReadGraphNeighbours(const H5File& graph, std::span<const GlobalId> nodes) {
  std::vector<std::vector<GlobalId>> result;
  const auto n = static_cast<std::int64_t>(graph.Dims(names::kGraphIndptr).at(0)) - 1;
  const auto num_entries = static_cast<std::int64_t>(graph.Dims(names::kGraphIndices).at(0));
  for (const GlobalId node : nodes) {
    VGAE_CHECK(node >= 0 && node < n);
    const auto range = graph.ReadRowRange<std::int64_t>(names::kGraphIndptr, node, 2);
    if (range[0] < 0 || range[1] < range[0] || range[1] > num_entries)
      throw IoError(detail::Concat(graph.Path(), ": ", names::kGraphIndptr, " row ", node, " spans [", range[0], ", ",
                                   range[1], "), outside ", names::kGraphIndices, " (", num_entries, " entries)"));
    result.push_back(graph.ReadRowRange<std::int64_t>(names::kGraphIndices, range[0], range[1] - range[0]));
  }
  return result;
}

void CheckSameNodes(const H5File& graph, const EmbeddingsReader& embeddings) {
  const auto graph_ids = graph.ReadAll<std::int64_t>(names::kOriginalId);
  if (static_cast<std::int64_t>(graph_ids.size()) != embeddings.NumNodes() || graph_ids != embeddings.ReadOriginalIds())
    throw IoError(detail::Concat(embeddings.Path(), " (", embeddings.NumNodes(), " nodes) was not trained on ",
                                 graph.Path(), " (", graph_ids.size(), " nodes): their ", names::kOriginalId,
                                 " differ"));
}

}  // namespace vgae::io
