// Sparse-times-dense kernels over row-major matrices (one node per row). Pure functions into caller-owned
// outputs; no allocation. Used for the GCN propagation S·M, the sparse feature product X·W, and its transpose.
#pragma once

#include "core/csr.h"
#include "core/types.h"

namespace vgae::core {

// out = a · m, where m has a.cols rows and out has a.rows rows. Rows [row_begin, row_end) only.
template <typename Index>
void SpMM(const CsrView<Index>& a, ConstMatRef m, MatRef out, std::int64_t row_begin, std::int64_t row_end);

template <typename Index>
void SpMM(const CsrView<Index>& a, ConstMatRef m, MatRef out) {
  SpMM(a, m, out, 0, a.rows);
}

// out += aᵀ · m, where m has a.rows rows and out has a.cols rows (the weight gradient of a sparse input).
template <typename Index>
void SpMMTransposeAdd(const CsrView<Index>& a, ConstMatRef m, MatRef out);

}  // namespace vgae::core
