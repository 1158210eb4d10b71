// NumPy .npy node features (format versions 1.0, 2.0 and 3.0): a 2-D array (N, F) of little-endian float32
// ('<f4') or float64 ('<f8') in C order, read as N x F float32, row-major. Everything else is an IoError
// naming the file and what was expected: a bad magic string or version, a header that is not the dict numpy
// writes, another dtype, fortran_order True, a shape that is not 2-D, data shorter or longer than the shape
// says, a NaN or infinite value, a float64 beyond float32 range (these name the row and column).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vgae::io {

struct DenseMatrix {
  std::int64_t rows = 0, cols = 0;
  std::vector<float> values;  // rows x cols, row-major
};

DenseMatrix ReadNpy(const std::string& path);
// The same over bytes in memory; `name` stands for the path in errors. `max_values` bounds what a header can
// make it allocate (fuzzing).
DenseMatrix ParseNpy(std::string_view bytes, const std::string& name, std::int64_t max_values = INT64_MAX);

// Whether the file starts with the .npy magic string.
bool IsNpyFile(const std::string& path);

}  // namespace vgae::io
