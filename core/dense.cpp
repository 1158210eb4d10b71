#include "core/dense.h"

#include <algorithm>

#include "core/error.h"
#include "core/parallel.h"
#include "core/simd.h"

namespace vgae::core {
namespace {
constexpr std::int64_t kRowGrain = 512;
constexpr std::int64_t kBlockRows = 1024;  // rows per partial of TransposeTimes
constexpr std::int64_t kSliceRows = 64;    // rows of a and b that TransposeTimes keeps in L1 (16 KB at 32 + 32 floats)

// Rows [i0, i0 + kRows) of out = in · w for a width of 16·kVecs: kRows × kVecs accumulators in registers, each
// weight row loaded once for the kRows rows. Every output element is Σ_j x[j]·w[j] in j order.
// With a gate (rows ldg apart), an output element is kept only where the gate's element is positive.
template <int kVecs, int kRows>
__attribute__((always_inline)) inline void RowBlockTimes(const float* x, Eigen::Index ldx, Eigen::Index k,
                                                         const float* w, Eigen::Index ldw, float* dst,
                                                         Eigen::Index ldd, const float* gate, Eigen::Index ldg) {
  Vec16 acc[kRows][kVecs] = {};
  for (Eigen::Index j = 0; j < k; ++j) {
    Vec16 wr[kVecs];
#pragma GCC unroll 4
    for (int v = 0; v < kVecs; ++v) wr[v] = LoadVec(w + j * ldw + 16 * v);
#pragma GCC unroll 16
    for (int r = 0; r < kRows; ++r) {
      const float xr = x[r * ldx + j];
#pragma GCC unroll 4
      for (int v = 0; v < kVecs; ++v) acc[r][v] += xr * wr[v];
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < kRows; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < kVecs; ++v)
      StoreVec(dst + r * ldd + 16 * v,
               gate ? WherePositive(LoadVec(gate + r * ldg + 16 * v), acc[r][v]) : acc[r][v]);
}

// Rows [b, e) of out = in · w for a width of 16·kVecs, kAccumulatorVecs accumulators at a time: with AVX-512 16
// zmm, as eight left Zen 4's FMA pipes waiting on latency (CiteSeer epoch 1.30 -> 1.14 ms at 1 thread) and 24
// spill; with AVX2 8 ymm (with the former 16, GCC kept half of them on the stack on a Zen 3).
template <int kVecs>
void RowsTimesFixed(ConstMatRef in, ConstMatRef w, MatRef out, const float* gate, Eigen::Index ldg, std::int64_t b,
                    std::int64_t e) {
  constexpr int kRows = kAccumulatorRows<kVecs>;
  const Eigen::Index k = in.cols(), ldx = in.outerStride(), ldw = w.outerStride(), ldd = out.outerStride();
  std::int64_t i = b;
  auto gate_row = [&](std::int64_t r) { return gate ? gate + r * ldg : nullptr; };
  for (; i + kRows <= e; i += kRows)
    RowBlockTimes<kVecs, kRows>(in.row(i).data(), ldx, k, w.data(), ldw, out.row(i).data(), ldd, gate_row(i), ldg);
  for (; i < e; ++i)
    RowBlockTimes<kVecs, 1>(in.row(i).data(), ldx, k, w.data(), ldw, out.row(i).data(), ldd, gate_row(i), ldg);
}

inline void RowTimesAny(const float* x, Eigen::Index k, const float* w, Eigen::Index ldw, Eigen::Index d, float* dst) {
  std::fill(dst, dst + d, 0.0f);
  for (Eigen::Index j = 0; j < k; ++j) {
    const float v = x[j];
    const float* wr = w + j * ldw;
    for (Eigen::Index c = 0; c < d; ++c) dst[c] += v * wr[c];
  }
}

// acc (k × d, row-major) += Σ_i a.row(i)ᵀ b.row(i) over rows [r0, r1) for d = 16·kVecs, rows in order: a band
// of acc rows at a time lives in registers (kAccumulatorVecs vectors) while the block's rows stream past.
template <int kVecs>
inline void OuterAccumulateFixed(ConstMatRef a, ConstMatRef b, std::int64_t r0, std::int64_t r1, float* acc) {
  constexpr int kBand = kAccumulatorRows<kVecs>;
  constexpr int d = 16 * kVecs;
  const Eigen::Index k = a.cols();
  // Rows [s0, s1) into acc's rows j0 .. j0 + kJ - 1.
  auto band = [&]<int kJ>(Eigen::Index j0, std::int64_t s0, std::int64_t s1) {
    Vec16 sum[kJ][kVecs];
#pragma GCC unroll 16
    for (int j = 0; j < kJ; ++j)
#pragma GCC unroll 4
      for (int v = 0; v < kVecs; ++v) sum[j][v] = LoadVec(acc + (j0 + j) * d + 16 * v);
    for (std::int64_t i = s0; i < s1; ++i) {
      const float* ar = a.row(i).data() + j0;
      Vec16 br[kVecs];
#pragma GCC unroll 4
      for (int v = 0; v < kVecs; ++v) br[v] = LoadVec(b.row(i).data() + 16 * v);
#pragma GCC unroll 16
      for (int j = 0; j < kJ; ++j)
#pragma GCC unroll 4
        for (int v = 0; v < kVecs; ++v) sum[j][v] += ar[j] * br[v];
    }
#pragma GCC unroll 16
    for (int j = 0; j < kJ; ++j)
#pragma GCC unroll 4
      for (int v = 0; v < kVecs; ++v) StoreVec(acc + (j0 + j) * d + 16 * v, sum[j][v]);
  };
  // A slice of rows at a time through every band, so that the slice's rows of a and b are read from L1 by the
  // bands after the first rather than from L2 (each element still adds the rows in order: the same bits).
  for (std::int64_t s0 = r0; s0 < r1; s0 += kSliceRows) {
    const std::int64_t s1 = std::min(r1, s0 + kSliceRows);
    Eigen::Index j0 = 0;
    for (; j0 + kBand <= k; j0 += kBand) band.template operator()<kBand>(j0, s0, s1);
    for (; j0 < k; ++j0) band.template operator()<1>(j0, s0, s1);
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

void GatedRowsTimes(ConstMatRef in, ConstMatRef w, const float* gate, Eigen::Index ldg, MatRef out) {
  VGAE_CHECK(in.cols() == w.rows() && out.rows() == in.rows() && out.cols() == w.cols());
  const Eigen::Index k = in.cols(), d = w.cols(), ldw = w.outerStride();
  ParallelChunks(in.rows(), kRowGrain, [&](std::int64_t b, std::int64_t e) {
    switch (d) {
      case 16: return RowsTimesFixed<1>(in, w, out, gate, ldg, b, e);
      case 32: return RowsTimesFixed<2>(in, w, out, gate, ldg, b, e);
      case 64: return RowsTimesFixed<4>(in, w, out, gate, ldg, b, e);
      default:
        for (std::int64_t i = b; i < e; ++i) {
          float* o = out.row(i).data();
          RowTimesAny(in.row(i).data(), k, w.data(), ldw, d, o);
          if (gate)
            for (Eigen::Index c = 0; c < d; ++c) o[c] = gate[i * ldg + c] > 0.0f ? o[c] : 0.0f;
        }
    }
  });
}
}  // namespace

void RowsTimes(ConstMatRef in, ConstMatRef w, MatRef out) { GatedRowsTimes(in, w, nullptr, 0, out); }

void RowsTimesWherePositive(ConstMatRef in, ConstMatRef w, ConstMatRef gate, MatRef out) {
  VGAE_CHECK(gate.rows() == in.rows() && gate.cols() == w.cols());
  GatedRowsTimes(in, w, gate.data(), gate.outerStride(), out);
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
        case 16: OuterAccumulateFixed<1>(a, b, r0, r1, acc); break;
        case 32: OuterAccumulateFixed<2>(a, b, r0, r1, acc); break;
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
