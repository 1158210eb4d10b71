// Node features for `vgae_dist prep --features SPEC`, in one of three forms:
//   FILE.h5:/path    a 2-D numeric dataset (N x F) of an existing HDF5 file, read as float32 (dense);
//   an .npy file     recognised by its magic string (io/npy.h; dense);
//   anything else    Matrix Market, coordinate or array (io/text_formats.h; sparse CSR).
// Row r of the features belongs to original node id r (docs/INGESTION.md). NaN and infinite values are
// errors naming the row and column (Matrix Market: the line).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/csr.h"
#include "io/npy.h"

namespace vgae::io {

struct NodeFeatures {
  std::optional<core::Csr<std::int32_t>> sparse;
  std::optional<DenseMatrix> dense;

  std::int64_t Rows() const { return sparse ? sparse->rows : dense->rows; }
  std::int64_t Cols() const { return sparse ? sparse->cols : dense->cols; }
  std::int64_t Nonzeros() const;
};

NodeFeatures ReadNodeFeatures(const std::string& spec, const std::function<void(double)>& progress = {});

// Splits "FILE:/dataset" when FILE exists and SPEC itself is not a file; nullopt otherwise.
std::optional<std::pair<std::string, std::string>> SplitDatasetSpec(const std::string& spec);

}  // namespace vgae::io
