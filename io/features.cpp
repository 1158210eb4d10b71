#include "io/features.h"

#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "io/h5.h"
#include "io/text_formats.h"

namespace vgae::io {
namespace {

DenseMatrix ReadDataset(const std::string& file, const std::string& dataset) {
  auto f = H5File::Open(file, H5File::Mode::kRead);
  f.Require(dataset);
  const auto dims = f.Dims(dataset);
  if (dims.size() != 2)
    throw IoError(detail::Concat(file, ":", dataset, ": has ", dims.size(),
                                 " dimensions, expected 2 (nodes x features)"));
  DenseMatrix m{static_cast<std::int64_t>(dims[0]), static_cast<std::int64_t>(dims[1]), f.ReadAll<float>(dataset)};
  for (std::size_t i = 0; i < m.values.size(); ++i)
    if (!std::isfinite(m.values[i]))
      throw IoError(detail::Concat(file, ":", dataset, ": row ", static_cast<std::int64_t>(i) / m.cols, " column ",
                                   static_cast<std::int64_t>(i) % m.cols, ": non-finite value ", m.values[i],
                                   " (or beyond float32 range)"));
  return m;
}

}  // namespace

std::int64_t NodeFeatures::Nonzeros() const {
  if (sparse) return sparse->Nnz();
  std::int64_t n = 0;
  for (const float v : dense->values) n += v != 0.0f;
  return n;
}

std::optional<std::pair<std::string, std::string>> SplitDatasetSpec(const std::string& spec) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(spec, ec)) return std::nullopt;
  const auto at = spec.find(":/");
  if (at == std::string::npos || at == 0) return std::nullopt;
  const std::string file = spec.substr(0, at);
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  return std::pair{file, spec.substr(at + 1)};
}

NodeFeatures ReadNodeFeatures(const std::string& spec, const std::function<void(double)>& progress) {
  NodeFeatures out;
  if (const auto ds = SplitDatasetSpec(spec)) {
    out.dense = ReadDataset(ds->first, ds->second);
  } else if (IsNpyFile(spec)) {
    out.dense = ReadNpy(spec);
  } else {
    out.sparse = ReadMatrixMarket(spec, progress);
  }
  if (progress) progress(1.0);
  return out;
}

}  // namespace vgae::io
