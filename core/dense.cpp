#include "core/dense.h"

#include <algorithm>

#include "core/error.h"
#include "core/parallel.h"

namespace vgae::core {
namespace {
constexpr std::int64_t kRowGrain = 512;
constexpr std::int64_t kBlockRows = 1024;  // rows per partial of TransposeTimes

// dst = Σ_j x[j] · w.row(j), in j order, with the accumulator in registers for the fixed widths.
template <int kWidth>
using RowVec = Eigen::Array<float, 1, kWidth>;  // fixed width: vectorised across the row, held in registers

template <int kWidth>
inline void RowTimesFixed(const float* x, Eigen::Index k, const float* w, Eigen::Index ldw, float* dst) {
  RowVec<kWidth> acc = RowVec<kWidth>::Zero();
  for (Eigen::Index j = 0; j < k; ++j) acc += x[j] * Eigen::Map<const RowVec<kWidth>>(w + j * ldw);
  Eigen::Map<RowVec<kWidth>> out(dst);
  out = acc;
}

inline void RowTimesAny(const float* x, Eigen::Index k, const float* w, Eigen::Index ldw, Eigen::Index d, float* dst) {
  std::fill(dst, dst + d, 0.0f);
  for (Eigen::Index j = 0; j < k; ++j) {
    const float v = x[j];
    const float* wr = w + j * ldw;
    for (Eigen::Index c = 0; c < d; ++c) dst[c] += v * wr[c];
  }
}

// acc (k × d, row-major) += Σ_i a.row(i)ᵀ b.row(i) over rows [r0, r1), rows in order.
template <int kWidth>
inline void OuterAccumulateFixed(ConstMatRef a, ConstMatRef b, std::int64_t r0, std::int64_t r1, float* acc) {
  const Eigen::Index k = a.cols();
  for (std::int64_t i = r0; i < r1; ++i) {
    const float* ar = a.row(i).data();
    const Eigen::Map<const RowVec<kWidth>> br(b.row(i).data());
    for (Eigen::Index j = 0; j < k; ++j) Eigen::Map<RowVec<kWidth>>(acc + j * kWidth) += ar[j] * br;
  }
}

inline void OuterAccumulateAny(ConstMatRef a, ConstMatRef b, std::int64_t r0, std::int64_t r1, float* acc) {
  const Eigen::Index k = a.cols(), d = b.cols();
  for (std::int64_t i = r0; i < r1; ++i)
    for (Eigen::Index j = 0; j < k; ++j) {
      const float v = a(i, j);
      float* dst = acc + j * d;
      const float* br = b.row(i).data();
      for (Eigen::Index c = 0; c < d; ++c) dst[c] += v * br[c];
    }
}
}  // namespace

void RowsTimes(ConstMatRef in, ConstMatRef w, MatRef out) {
  VGAE_CHECK(in.cols() == w.rows() && out.rows() == in.rows() && out.cols() == w.cols());
  const Eigen::Index k = in.cols(), d = w.cols(), ldw = w.outerStride();
  ParallelChunks(in.rows(), kRowGrain, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) {
      const float* x = in.row(i).data();
      float* dst = out.row(i).data();
      switch (d) {
        case 16: RowTimesFixed<16>(x, k, w.data(), ldw, dst); break;
        case 32: RowTimesFixed<32>(x, k, w.data(), ldw, dst); break;
        case 64: RowTimesFixed<64>(x, k, w.data(), ldw, dst); break;
        default: RowTimesAny(x, k, w.data(), ldw, d, dst);
      }
    }
  });
}

void TransposeTimes(ConstMatRef a, ConstMatRef b, MatRef out, TransposeTimesWorkspace& workspace) {
  VGAE_CHECK(a.rows() == b.rows() && out.rows() == a.cols() && out.cols() == b.cols());
  const std::int64_t n = a.rows(), blocks = (n + kBlockRows - 1) / kBlockRows;
  const auto size = static_cast<std::size_t>(a.cols() * b.cols());
  workspace.partials.resize(static_cast<std::size_t>(std::max<std::int64_t>(blocks, 1)) * size);
  ParallelChunks(blocks, 1, [&](std::int64_t c0, std::int64_t c1) {
    for (std::int64_t c = c0; c < c1; ++c) {
      float* acc = workspace.partials.data() + static_cast<std::size_t>(c) * size;
      std::fill(acc, acc + size, 0.0f);
      const std::int64_t r0 = c * kBlockRows, r1 = std::min(n, r0 + kBlockRows);
      switch (b.cols()) {
        case 16: OuterAccumulateFixed<16>(a, b, r0, r1, acc); break;
        case 32: OuterAccumulateFixed<32>(a, b, r0, r1, acc); break;
        default: OuterAccumulateAny(a, b, r0, r1, acc);
      }
    }
  });
  Eigen::Map<RowMatrixXf> sum(workspace.partials.data(), a.cols(), b.cols());
  for (std::int64_t c = 1; c < blocks; ++c)
    sum += Eigen::Map<const RowMatrixXf>(workspace.partials.data() + static_cast<std::size_t>(c) * size, a.cols(),
                                         b.cols());
  if (blocks == 0) sum.setZero();
  out = sum;
}

}  // namespace vgae::core
