// Row-at-a-time kernels: each output row is a weighted sum of input rows, accumulated in float as the
// dense reference does; the compiler vectorizes the row axpy.
#include "core/spmm.h"

#include "core/error.h"

namespace vgae::core {

template <typename Index>
void SpMM(const CsrView<Index>& a, ConstMatRef m, MatRef out, std::int64_t row_begin, std::int64_t row_end) {
  VGAE_CHECK(m.rows() == a.cols && out.rows() >= row_end && out.cols() == m.cols());
  const Eigen::Index d = m.cols();
  for (std::int64_t i = row_begin; i < row_end; ++i) {
    float* dst = out.row(i).data();
    std::fill(dst, dst + d, 0.0f);
    for (std::int64_t k = a.indptr[i]; k < a.indptr[i + 1]; ++k) {
      const float v = a.Value(k);
      const float* src = m.row(a.indices[k]).data();
      for (Eigen::Index c = 0; c < d; ++c) dst[c] += v * src[c];
    }
  }
}

template <typename Index>
void SpMMTransposeAdd(const CsrView<Index>& a, ConstMatRef m, MatRef out) {
  VGAE_CHECK(m.rows() == a.rows && out.rows() == a.cols && out.cols() == m.cols());
  const Eigen::Index d = m.cols();
  for (std::int64_t i = 0; i < a.rows; ++i) {
    const float* src = m.row(i).data();
    for (std::int64_t k = a.indptr[i]; k < a.indptr[i + 1]; ++k) {
      const float v = a.Value(k);
      float* dst = out.row(a.indices[k]).data();
      for (Eigen::Index c = 0; c < d; ++c) dst[c] += v * src[c];
    }
  }
}

template void SpMM<std::int32_t>(const CsrView<std::int32_t>&, ConstMatRef, MatRef, std::int64_t, std::int64_t);
template void SpMM<std::int64_t>(const CsrView<std::int64_t>&, ConstMatRef, MatRef, std::int64_t, std::int64_t);
template void SpMMTransposeAdd<std::int32_t>(const CsrView<std::int32_t>&, ConstMatRef, MatRef);
template void SpMMTransposeAdd<std::int64_t>(const CsrView<std::int64_t>&, ConstMatRef, MatRef);

template <typename Index>
void ValidateCsr(const CsrView<Index>& m, const char* what) {
  auto fail = [&](const std::string& why) { throw InternalError(detail::Concat(what, ": ", why)); };
  if (static_cast<std::int64_t>(m.indptr.size()) != m.rows + 1) fail("indptr length is not rows + 1");
  if (m.indptr[0] != 0) fail("indptr does not start at 0");
  for (std::int64_t i = 0; i < m.rows; ++i)
    if (m.indptr[i + 1] < m.indptr[i]) fail(detail::Concat("indptr decreases at row ", i));
  if (static_cast<std::int64_t>(m.indices.size()) != m.indptr[m.rows]) fail("indices length is not indptr[rows]");
  if (!m.values.empty() && m.values.size() != m.indices.size()) fail("values length differs from indices");
  for (auto c : m.indices)
    if (c < 0 || c >= m.cols) fail(detail::Concat("column ", c, " outside [0, ", m.cols, ")"));
}
template void ValidateCsr<std::int32_t>(const CsrView<std::int32_t>&, const char*);
template void ValidateCsr<std::int64_t>(const CsrView<std::int64_t>&, const char*);

}  // namespace vgae::core
