#include "io/graph_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "io/format.h"

namespace vgae::io {
namespace {
std::string ShapeString(const std::vector<hsize_t>& dims) {
  std::string s = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + ")";
}

// Callers expand [b, e) into entries of `entries`: a bad pair must fail here, not as a huge loop or read.
void CheckRowSpan(const std::string& path, const std::string& offsets, GlobalId row, std::int64_t b, std::int64_t e,
                  std::int64_t limit, const std::string& entries) {
  if (b < 0 || b > e || e > limit)
    throw IoError(detail::Concat(path, ": ", offsets, " row ", row, " spans [", b, ", ", e,
                                 "), expected 0 <= begin <= end <= ", limit, " (entries of ", entries, ")"));
}
}  // namespace

GraphReader::GraphReader(const std::string& path, MPI_Comm comm)
    : file_(H5File::Open(path, H5File::Mode::kRead, comm)) {
  file_.CheckFormatVersion(kFormatVersion);
  file_.Require(names::kGraphIndptr);
  const auto n = file_.GetAttr<std::int64_t>("/", names::kNumNodesAttr);
  if (!n) throw IoError(path + ": no num_nodes attribute (recreate the file with vgae_dist prep)");
  info_.num_nodes = *n;
  info_.num_edges = file_.GetAttr<std::int64_t>("/", names::kNumEdgesAttr).value_or(0);
  if (!file_.Exists(names::kTrainIndptr))
    throw IoError(detail::Concat(path, ": missing dataset '", names::kTrainIndptr,
                                 "': no edge split yet (run: vgae_dist split ", path, ")"));
  // Every later read trusts num_nodes (row ranges, the trivial partition), so it must match the offsets.
  if (info_.num_nodes < 0) throw IoError(detail::Concat(path, ": num_nodes is ", info_.num_nodes, ", expected >= 0"));
  for (const char* indptr : {names::kGraphIndptr, names::kTrainIndptr}) {
    const auto dims = file_.Dims(indptr);
    if (dims.size() != 1 || dims[0] != static_cast<hsize_t>(info_.num_nodes) + 1)
      throw IoError(detail::Concat(path, ": ", indptr, " has shape ", ShapeString(dims),
                                   ", expected num_nodes + 1 entries (num_nodes = ", info_.num_nodes, ")"));
  }
  info_.num_train_edges = NumPairs(names::kSplitTrain);
  if (file_.Exists(names::kFeaturesDense)) {
    const auto dims = file_.Dims(names::kFeaturesDense);
    if (dims.size() != 2 || static_cast<std::int64_t>(dims[0]) != info_.num_nodes)
      throw IoError(detail::Concat(path, ": ", names::kFeaturesDense, " has ", dims.empty() ? 0 : dims[0],
                                   " rows, expected num_nodes = ", info_.num_nodes));
    info_.feature_dim = static_cast<std::int64_t>(dims[1]);
    info_.features_dense = true;
  } else if (file_.Exists(names::kFeaturesIndptr)) {
    const auto dims = file_.Dims(names::kFeaturesIndptr);
    if (dims.size() != 1 || dims[0] != static_cast<hsize_t>(info_.num_nodes) + 1)
      throw IoError(detail::Concat(path, ": ", names::kFeaturesIndptr, " has shape ", ShapeString(dims),
                                   ", expected num_nodes + 1 entries (num_nodes = ", info_.num_nodes, ")"));
    const auto cols = file_.GetAttr<std::int64_t>(names::kFeaturesGroup, names::kFeaturesColsAttr);
    if (!cols) throw IoError(path + ": /features has no 'cols' attribute");
    if (*cols < 0 || *cols > std::numeric_limits<std::int32_t>::max())
      throw IoError(detail::Concat(path, ": /features attribute cols is ", *cols, ", expected 0..2^31-1"));
    info_.feature_dim = *cols;
  }
}

std::vector<Rank> GraphReader::ReadPartition(int parts) const {
  const auto dataset = names::PartitionPart(parts);
  // One rank owns everything: the trivial partition needs no stored vector.
  if (parts == 1 && !file_.Exists(dataset)) return std::vector<Rank>(static_cast<std::size_t>(info_.num_nodes), 0);
  if (!file_.Exists(dataset))
    throw PartitionError(detail::Concat(file_.Path(), ": no partition for ", parts, " ranks (dataset '", dataset,
                                        "'); create it with: vgae_dist partition ", file_.Path(), " --parts ", parts));
  auto part = file_.ReadAll<std::int32_t>(dataset);
  if (static_cast<std::int64_t>(part.size()) != info_.num_nodes)
    throw PartitionError(detail::Concat(file_.Path(), ": ", dataset, " has ", part.size(), " entries, expected ",
                                        info_.num_nodes, " (one per node)"));
  for (auto p : part)
    if (p < 0 || p >= parts)
      throw PartitionError(detail::Concat(file_.Path(), ": ", dataset, " holds part ", p, ", expected 0..", parts - 1));
  return part;
}

std::vector<std::int64_t> GraphReader::ReadOffsets(const std::string& dataset, std::span<const GlobalId> nodes,
                                                   const std::string& entries) const {
  std::vector<std::int64_t> positions;
  positions.reserve(2 * nodes.size());
  for (auto v : nodes) {
    positions.push_back(v);
    positions.push_back(v + 1);
  }
  auto offsets = file_.ReadRows<std::int64_t>(dataset, positions);
  const auto dims = file_.Dims(entries);
  const auto limit = dims.empty() ? 0 : static_cast<std::int64_t>(dims[0]);
  for (std::size_t i = 0; i < nodes.size(); ++i)
    CheckRowSpan(file_.Path(), dataset, nodes[i], offsets[2 * i], offsets[2 * i + 1], limit, entries);
  return offsets;
}

CsrRows GraphReader::ReadTrainRows(std::span<const GlobalId> nodes) const {
  const auto offsets = ReadOffsets(names::kTrainIndptr, nodes, names::kTrainIndices);
  CsrRows out;
  out.rows.rows = static_cast<std::int64_t>(nodes.size());
  out.rows.cols = info_.num_nodes;
  out.rows.indptr.assign(nodes.size() + 1, 0);
  out.file_offset.resize(nodes.size());
  std::vector<std::int64_t> positions;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto b = offsets[2 * i], e = offsets[2 * i + 1];
    out.file_offset[i] = b;
    out.rows.indptr[i + 1] = out.rows.indptr[i] + (e - b);
    for (auto p = b; p < e; ++p) positions.push_back(p);
  }
  out.rows.indices = file_.ReadRows<std::int64_t>(names::kTrainIndices, positions);
  CheckColumnIds(out.rows.indices);
  return out;
}

void GraphReader::CheckColumnIds(std::span<const GlobalId> ids) const {
  for (auto g : ids)
    if (g < 0 || g >= info_.num_nodes)
      throw IoError(detail::Concat(file_.Path(), ": ", names::kTrainIndices, " holds node ", g, ", expected 0..",
                                   info_.num_nodes - 1));
}

core::Csr<GlobalId> GraphReader::ReadTrainRowBlock(GlobalId begin, GlobalId end) const {
  if (begin < 0 || end < begin || end > info_.num_nodes)
    throw IoError(detail::Concat(file_.Path(), ": row block [", begin, ", ", end, ") is outside the ",
                                 info_.num_nodes, " nodes"));
  core::Csr<GlobalId> out;
  out.rows = end - begin;
  out.cols = info_.num_nodes;
  out.indptr = file_.ReadRowRange<std::int64_t>(names::kTrainIndptr, begin, end - begin + 1);
  const auto dims = file_.Dims(names::kTrainIndices);
  const auto limit = dims.empty() ? 0 : static_cast<std::int64_t>(dims[0]);
  const auto first = out.indptr.front();
  for (std::size_t i = 0; i + 1 < out.indptr.size(); ++i)
    CheckRowSpan(file_.Path(), names::kTrainIndptr, begin + static_cast<GlobalId>(i), out.indptr[i], out.indptr[i + 1],
                 limit, names::kTrainIndices);
  out.indices = file_.ReadRowRange<std::int64_t>(names::kTrainIndices, first, out.indptr.back() - first);
  for (auto& offset : out.indptr) offset -= first;
  CheckColumnIds(out.indices);
  return out;
}

std::vector<std::int64_t> GraphReader::ReadTrainDegrees(std::span<const GlobalId> nodes) const {
  const auto offsets = ReadOffsets(names::kTrainIndptr, nodes, names::kTrainIndices);
  std::vector<std::int64_t> deg(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) deg[i] = offsets[2 * i + 1] - offsets[2 * i];
  return deg;
}

core::Csr<std::int32_t> GraphReader::ReadFeatureRows(std::span<const GlobalId> nodes) const {
  core::Csr<std::int32_t> x;
  x.rows = static_cast<std::int64_t>(nodes.size());
  x.cols = info_.feature_dim;
  x.indptr.assign(nodes.size() + 1, 0);
  if (info_.features_dense) {
    const auto dense = file_.ReadRows<float>(names::kFeaturesDense, nodes);
    const auto f = static_cast<std::size_t>(info_.feature_dim);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      for (std::size_t c = 0; c < f; ++c) {
        const float v = dense[i * f + c];
        if (!std::isfinite(v))
          throw IoError(detail::Concat(file_.Path(), ": ", names::kFeaturesDense, " row ", nodes[i], " column ", c,
                                       " is not finite"));
        if (v != 0.0f) {
          x.indices.push_back(static_cast<std::int32_t>(c));
          x.values.push_back(v);
        }
      }
      x.indptr[i + 1] = static_cast<std::int64_t>(x.indices.size());
    }
    return x;
  }
  const auto offsets = ReadOffsets(names::kFeaturesIndptr, nodes, names::kFeaturesIndices);
  std::vector<std::int64_t> positions;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (auto p = offsets[2 * i]; p < offsets[2 * i + 1]; ++p) positions.push_back(p);
    x.indptr[i + 1] = static_cast<std::int64_t>(positions.size());
  }
  const auto cols = file_.ReadRows<std::int64_t>(names::kFeaturesIndices, positions);
  x.values = file_.ReadRows<float>(names::kFeaturesData, positions);
  x.indices.resize(cols.size());
  for (std::size_t k = 0; k < cols.size(); ++k) {
    if (cols[k] < 0 || cols[k] >= info_.feature_dim)
      throw IoError(detail::Concat(file_.Path(), ": ", names::kFeaturesIndices, " holds column ", cols[k],
                                   ", expected 0..", info_.feature_dim - 1));
    if (!std::isfinite(x.values[k]))
      throw IoError(detail::Concat(file_.Path(), ": ", names::kFeaturesData, " entry ", positions[k], " is not finite"));
    x.indices[k] = static_cast<std::int32_t>(cols[k]);
  }
  return x;
}

std::vector<std::int64_t> GraphReader::ReadOriginalIds(std::span<const GlobalId> nodes) const {
  return file_.ReadRows<std::int64_t>(names::kOriginalId, nodes);
}

std::int64_t GraphReader::NumPairs(const std::string& dataset) const {
  const auto dims = file_.Dims(dataset);
  if (dims.size() != 2 || dims[1] != 2)
    throw IoError(detail::Concat(file_.Path(), ": ", dataset, " should be M×2 node pairs"));
  return static_cast<std::int64_t>(dims[0]);
}

std::vector<GlobalId> GraphReader::ReadPairs(const std::string& dataset, std::int64_t begin, std::int64_t count) const {
  auto pairs = file_.ReadRowRange<std::int64_t>(dataset, begin, count);
  for (auto g : pairs)
    if (g < 0 || g >= info_.num_nodes)
      throw IoError(detail::Concat(file_.Path(), ": ", dataset, " holds node ", g, ", expected 0..", info_.num_nodes - 1));
  return pairs;
}

}  // namespace vgae::io
