#include "io/graph_file.h"


#include "core/error.h"
#include "io/format.h"
#include "io/graph_writer.h"

namespace vgae::io {
namespace {
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
  const auto whole = [](const std::vector<GlobalId>& flat) { return core::Slice{0, static_cast<std::int64_t>(flat.size() / 2)}; };
  SplitPlacement p;
  p.num_nodes = train_graph.rows;
  p.train = whole(split.train);
  p.val_pos = whole(split.val_pos);
  p.val_neg = whole(split.val_neg);
  p.test_pos = whole(split.test_pos);
  p.test_neg = whole(split.test_neg);
  p.train_entries = {0, train_graph.Nnz()};
  WriteSplitBlock(file, split, train_graph.View(), p, attrs);
}

void WriteSplitBlock(H5File& file, const core::EdgeSplit& lists, const core::CsrView<GlobalId>& train_rows,
                     const SplitPlacement& p, const SplitAttrs& attrs) {
  const std::string group = names::kSplitGroup, temp = names::kSplitTempGroup;
  const auto at = [&](const char* name) { return Under(temp, group, name); };
  file.Delete(temp);  // left by an interrupted write
  // Every dataset is created (collectively) before any rank writes its ranges.
  const std::pair<const char*, std::pair<const std::vector<GlobalId>*, core::Slice>> pair_lists[] = {
      {names::kSplitTrain, {&lists.train, p.train}},       {names::kSplitValPos, {&lists.val_pos, p.val_pos}},
      {names::kSplitValNeg, {&lists.val_neg, p.val_neg}},  {names::kSplitTestPos, {&lists.test_pos, p.test_pos}},
      {names::kSplitTestNeg, {&lists.test_neg, p.test_neg}}};
  for (const auto& [name, list] : pair_lists) file.Create<std::int64_t>(at(name), {static_cast<hsize_t>(list.second.total), 2});
  file.Create<std::int64_t>(at(names::kTrainIndptr), {static_cast<hsize_t>(p.num_nodes) + 1});
  file.Create<std::int64_t>(at(names::kTrainIndices), {static_cast<hsize_t>(p.train_entries.total)});
  for (const auto& [name, list] : pair_lists) file.WriteRange<std::int64_t>(at(name), list.second.begin, *list.first);
  file.WriteRange<std::int64_t>(at(names::kTrainIndptr), p.row_begin,
                                PlacedIndptr(train_rows.indptr, train_rows.rows, p.train_entries.begin, p.last));
  file.WriteRange<std::int64_t>(at(names::kTrainIndices), p.train_entries.begin, train_rows.indices);
  file.SetAttr<std::int64_t>(temp, "seed", static_cast<std::int64_t>(attrs.seed));
  file.SetAttr<double>(temp, "val_fraction", attrs.val_fraction);
  file.SetAttr<double>(temp, "test_fraction", attrs.test_fraction);
  file.Flush();
  // Partitions were built on the previous training graph: they go with it, just before the new split lands.
  file.Delete(names::kPartitionGroup);
  MoveIntoPlace(file, temp, group);
}

core::Csr<GlobalId> ReadGraphRows(const H5File& file, GlobalId begin, GlobalId end) {
  file.Require(names::kGraphIndptr, "create the file with vgae_dist prep or gen");
  const auto n = file.Dims(names::kGraphIndptr).at(0) - 1;
  core::Csr<GlobalId> g;
  g.rows = end - begin;
  g.cols = static_cast<std::int64_t>(n);
  g.indptr = file.ReadRowRange<std::int64_t>(names::kGraphIndptr, begin, end - begin + 1);
  const auto first = g.indptr.front(), last = g.indptr.back();
  const auto entries = static_cast<std::int64_t>(file.Dims(names::kGraphIndices).at(0));
  if (first < 0 || last < first || last > entries || (begin == 0 && first != 0) ||
      (end == static_cast<GlobalId>(n) && last != entries))
    throw IoError(detail::Concat(file.Path(), ": ", names::kGraphIndptr, " rows ", begin, "..", end, " point to entries ",
                                 first, "..", last, " of ", entries));
  for (auto& x : g.indptr) x -= first;
  for (std::int64_t i = 0; i < g.rows; ++i)
    if (g.indptr[i + 1] < g.indptr[i])
      throw IoError(detail::Concat(file.Path(), ": ", names::kGraphIndptr, " decreases at ", begin + i));
  g.indices = file.ReadRowRange<std::int64_t>(names::kGraphIndices, first, last - first);
  for (std::int64_t i = 0; i < g.rows; ++i)
    for (auto k = g.indptr[i]; k < g.indptr[i + 1]; ++k) {
      const auto c = g.indices[k];
      if (c < 0 || c >= g.cols || (k > g.indptr[i] && g.indices[k - 1] >= c))
        throw IoError(detail::Concat(file.Path(), ": ", names::kGraphIndices, " row ", begin + i, " holds ", c,
                                     ": expected ascending node ids in 0..", g.cols - 1));
    }
  return g;
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
