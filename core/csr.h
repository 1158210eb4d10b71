// Compressed sparse rows in METIS vocabulary (xadj/adjncy), as an owning container and a non-owning view.
// Kernels take views. Invariants: indptr has rows+1 non-decreasing entries starting at 0; every index is
// in [0, cols); values is empty (pattern, all ones) or has indptr[rows] entries.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/types.h"

namespace vgae::core {

template <typename Index>
struct CsrView {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::span<const std::int64_t> indptr;
  std::span<const Index> indices;
  std::span<const float> values;  // empty: every stored entry is 1

  std::int64_t Nnz() const { return indptr.empty() ? 0 : indptr[rows]; }
  float Value(std::int64_t k) const { return values.empty() ? 1.0f : values[k]; }
};

template <typename Index>
struct Csr {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::vector<std::int64_t> indptr{0};
  std::vector<Index> indices;
  std::vector<float> values;

  CsrView<Index> View() const { return {rows, cols, indptr, indices, values}; }
  std::int64_t Nnz() const { return indptr.back(); }
};

// Throws InternalError when a view breaks the invariants above; `what` names it in the message.
template <typename Index>
void ValidateCsr(const CsrView<Index>& m, const char* what);

}  // namespace vgae::core
