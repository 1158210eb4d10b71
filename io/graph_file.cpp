#include "io/graph_file.h"


#include "core/error.h"
#include "io/format.h"
#include "io/graph_writer.h"

namespace vgae::io {
namespace {
template <typename T>
void WriteVector(H5File& f, const std::string& name, const std::vector<T>& v) {
  f.Write<T>(name, v, {static_cast<hsize_t>(v.size())});
}
void WritePairs(H5File& f, const std::string& name, const std::vector<GlobalId>& flat) {
  f.Write<std::int64_t>(name, flat, {static_cast<hsize_t>(flat.size() / 2), 2});
}
core::Csr<GlobalId> ReadCsr(const H5File& file, const std::string& indptr_name, const std::string& indices_name) {
  core::Csr<GlobalId> g;
  g.indptr = file.ReadAll<std::int64_t>(indptr_name);
  g.indices = file.ReadAll<std::int64_t>(indices_name);
  g.rows = g.cols = static_cast<std::int64_t>(g.indptr.size()) - 1;
  if (g.rows < 0 || g.indptr.front() != 0 || g.indptr.back() != static_cast<std::int64_t>(g.indices.size()))
    throw IoError(detail::Concat(file.Path(), ": ", indptr_name, " and ", indices_name, " do not form a CSR graph"));
  for (std::int64_t i = 0; i < g.rows; ++i)
    if (g.indptr[i + 1] < g.indptr[i]) throw IoError(detail::Concat(file.Path(), ": ", indptr_name, " decreases at ", i));
  for (auto c : g.indices)
    if (c < 0 || c >= g.rows)
      throw IoError(detail::Concat(file.Path(), ": ", indices_name, " holds node ", c, ", expected 0..", g.rows - 1));
  return g;
}
// The same object under a temporary group: "/split/train" → "/split.partial/train".
std::string Under(const std::string& temp_group, const std::string& group, const std::string& name) {
  return temp_group + name.substr(group.size());
}
// Moves a finished temporary group over its final name: the last step of an in-file write.
void MoveIntoPlace(H5File& file, const std::string& from, const std::string& to) {
  file.Delete(to);
  if (H5Lmove(file.Id(), from.c_str(), file.Id(), to.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0)
    throw IoError(detail::Concat(file.Path(), ": cannot move '", from, "' to '", to, "'"));
  file.Flush();
}
}  // namespace

void WriteGraphFile(const std::string& path, const core::Csr<GlobalId>& graph,
                    const std::optional<core::Csr<std::int32_t>>& features, std::span<const std::int64_t> original_ids) {
  GraphBlock block;
  block.num_nodes = graph.rows;
  block.adjacency = graph.View();
  if (features) {
    block.features = FeatureKind::kSparse;
    block.feature_dim = features->cols;
    block.sparse = features->View();
  }
  block.original_ids = original_ids;
  WriteGraphFile(path, block);
}

H5File OpenGraphFile(const std::string& path, bool writable) {
  auto f = H5File::Open(path, writable ? H5File::Mode::kReadWrite : H5File::Mode::kRead);
  f.CheckFormatVersion(kFormatVersion);
  return f;
}

core::Csr<GlobalId> ReadGraph(const H5File& file) {
  file.Require(names::kGraphIndptr, "create the file with vgae_dist prep");
  return ReadCsr(file, names::kGraphIndptr, names::kGraphIndices);
}

core::Csr<GlobalId> ReadTrainGraph(const H5File& file) {
  file.Require(names::kTrainIndptr, "no edge split yet: run vgae_dist split " + file.Path());
  return ReadCsr(file, names::kTrainIndptr, names::kTrainIndices);
}

void WriteSplit(H5File& file, const core::EdgeSplit& split, const core::Csr<GlobalId>& train_graph,
                const SplitAttrs& attrs) {
  const std::string group = names::kSplitGroup, temp = names::kSplitTempGroup;
  const auto at = [&](const char* name) { return Under(temp, group, name); };
  file.Delete(temp);  // left by an interrupted write
  WritePairs(file, at(names::kSplitTrain), split.train);
  WritePairs(file, at(names::kSplitValPos), split.val_pos);
  WritePairs(file, at(names::kSplitValNeg), split.val_neg);
  WritePairs(file, at(names::kSplitTestPos), split.test_pos);
  WritePairs(file, at(names::kSplitTestNeg), split.test_neg);
  WriteVector(file, at(names::kTrainIndptr), train_graph.indptr);
  WriteVector(file, at(names::kTrainIndices), train_graph.indices);
  file.SetAttr<std::int64_t>(temp, "seed", static_cast<std::int64_t>(attrs.seed));
  file.SetAttr<double>(temp, "val_fraction", attrs.val_fraction);
  file.SetAttr<double>(temp, "test_fraction", attrs.test_fraction);
  file.Flush();
  // Partitions were built on the previous training graph: they go with it, just before the new split lands.
  file.Delete(names::kPartitionGroup);
  MoveIntoPlace(file, temp, group);
}

void WritePartition(H5File& file, int parts, std::span<const Rank> part, const PartitionAttrs& attrs) {
  const auto group = names::PartitionGroup(parts), temp = names::PartitionTempGroup(parts);
  file.Delete(temp);  // left by an interrupted write
  file.Write<std::int32_t>(Under(temp, group, names::PartitionPart(parts)), part, {static_cast<hsize_t>(part.size())});
  file.SetAttr(temp, "method", attrs.method);
  file.SetAttr<std::int64_t>(temp, "seed", static_cast<std::int64_t>(attrs.seed));
  file.SetAttr<std::int64_t>(temp, "edge_cut", attrs.edge_cut);
  file.SetAttr<double>(temp, "edge_cut_fraction", attrs.edge_cut_fraction);
  file.SetAttr<double>(temp, "imbalance", attrs.imbalance);
  file.SetAttr<std::int64_t>(temp, "max_halo", attrs.max_halo);
  file.Flush();
  MoveIntoPlace(file, temp, group);
}

}  // namespace vgae::io
