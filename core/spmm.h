// Sparse-times-dense kernels over row-major matrices (one node per row). Pure functions into caller-owned
// outputs; no allocation. Used for the GCN propagation S·M, the sparse feature product X·W and, through the
// transposed feature matrix, its weight gradient Xᵀ·G.
//
// Each output row is computed by one thread, summing its row's entries in stored order in float, so the result
// is the same for any thread count (core/parallel.h). Widths 16, 32 and 64 have register-blocked kernels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <span>

#include "core/csr.h"
#include "core/parallel.h"
#include "core/types.h"

namespace vgae::core {

// Applied to each output row as it is stored. kCapRightHalf: the right half of the columns (a VGAE head's logσ)
// capped at kRightHalfCap, min(x, cap), so the head's output needs no pass of its own for the clamp.
enum class Epilogue { kNone, kRelu, kCapRightHalf };
inline constexpr float kRightHalfCap = 10.0f;

// How a's columns relate to its rows, which decides from what size of source (m) the width-16/32/64 kernels
// prefetch the rows they gather; the arithmetic, and so the result, is the same either way.
// - kLocal: a graph operator, its nodes numbered so that neighbours get nearby rows: a row's sources sit close
//   together and the hardware fetches them well until the source outgrows the last-level cache's share
//   (kSpMMPrefetchSourceBytes).
// - kScattered: columns unrelated to the rows (feature ids of X, node ids of Xᵀ): every non-zero gathers a row
//   from anywhere in m, which in the epoch sits in L3 from kSpMMPrefetchScatteredSourceBytes on.
enum class Gather { kLocal, kScattered };
inline constexpr std::size_t kSpMMPrefetchSourceBytes = std::size_t{4} << 20;
inline constexpr std::size_t kSpMMPrefetchScatteredSourceBytes = std::size_t{256} << 10;

// The width-16/32/64 kernels' software-prefetch distance on sources past those thresholds, in cache lines ahead of
// the non-zero being added (a 32-wide row is two lines). What pays depends on the machine and the node order
// (10^7 edges, d = 32: Zen 3 did best at 16-32 lines, Zen 4 at 32, Zen 5 at 256; docs/PERFORMANCE.md), so it is
// chosen while running: each kind of call (width; rows in storage order or listed; Gather) tries every choice
// twice on its first calls and then keeps the one that took the fewest ns per non-zero. Prefetches change no
// result: the output is the same at any distance.
inline constexpr std::int64_t kPrefetchLineChoices[] = {32, 64, 128, 256};
// Fixes the distance (one of kPrefetchLineChoices) for every call; 0 returns to choosing while running.
void SetSpMMPrefetchLines(std::int64_t lines);

// The choosing, apart so that tests can feed it timings: Next() is the distance for the next call of its kind,
// Record() that call's time.
class PrefetchChooser {
 public:
  std::int64_t Next() const;
  void Record(std::int64_t lines, double ns_per_nonzero);
  bool Chosen() const { return way_.Chosen(); }

 private:
  FastestWay<static_cast<int>(std::size(kPrefetchLineChoices))> way_;
};

// out = a · m, where m has a.cols rows and out has a.rows rows. Rows [row_begin, row_end) only.
template <typename Index>
void SpMM(const CsrView<Index>& a, ConstMatRef m, MatRef out, std::int64_t row_begin, std::int64_t row_end,
          Epilogue epilogue = Epilogue::kNone, Gather gather = Gather::kLocal);

template <typename Index>
void SpMM(const CsrView<Index>& a, ConstMatRef m, MatRef out, Epilogue epilogue = Epilogue::kNone,
          Gather gather = Gather::kLocal) {
  SpMM(a, m, out, 0, a.rows, epilogue, gather);
}

// The listed rows of a · m only (the interior or boundary rows of an overlapped halo exchange). `progress`, when
// set, is called on the calling thread between blocks of rows (it drives non-blocking communication).
template <typename Index>
void SpMMRows(const CsrView<Index>& a, ConstMatRef m, MatRef out, std::span<const LocalId> rows, Epilogue epilogue,
              const std::function<void()>& progress = {});

// out += aᵀ · m, where m has a.rows rows and out has a.cols rows. Serial scatter; kept as the reference the
// transposed product is tested against.
template <typename Index>
void SpMMTransposeAdd(const CsrView<Index>& a, ConstMatRef m, MatRef out);

// aᵀ as a CSR whose rows list their entries in ascending column (= a's row) order, so aᵀ·m sums every output row
// in the same order as SpMMTransposeAdd's scatter.
template <typename Index>
Csr<LocalId> Transpose(const CsrView<Index>& a);

}  // namespace vgae::core
