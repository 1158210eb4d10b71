// Loss kernels: double accumulation of the scalar loss, float gradients.
#include "core/loss.h"

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/fast_math.h"
#include "core/parallel.h"
#include "core/simd.h"

namespace vgae::core {

double Softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }

float Sigmoid(float x) {
  if (x >= 0) return 1.0f / (1.0f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.0f + e);
}

namespace {
constexpr std::size_t kPairChunk = 2048;
constexpr std::size_t kSoftplusBlock = 256;  // pairs per softplus pass; divides kPairChunk
static_assert(kPairChunk % kSoftplusBlock == 0);
constexpr std::size_t kAhead = 16;  // pairs between a row's prefetch and its use

template <int kWidth>
using RowVec = Eigen::Array<float, 1, kWidth>;  // fixed width: one packet per row, no gathers

template <int kWidth>
inline float DotFixed(const float* x, const float* y, Eigen::Index /*d*/) {
  return (Eigen::Map<const RowVec<kWidth>>(x) * Eigen::Map<const RowVec<kWidth>>(y)).sum();
}
inline float DotAny(const float* x, const float* y, Eigen::Index d) {
  float s = 0.0f;
  for (Eigen::Index c = 0; c < d; ++c) s += x[c] * y[c];
  return s;
}

// Turns logits s[0..n) into gradient coefficients in place, weight · d softplus(∓s)/ds, and returns Σ softplus(∓s)
// (unweighted, double). d softplus(∓s)/ds = ∓ sigmoid(∓s); with t = ∓s, e = exp(-|t|): softplus(t) = max(t, 0) +
// log(1 + e) (log rather than log1p: for e below float epsilon both are below 1e-7), sigmoid(t) = 1/(1+e) for
// t >= 0, e/(1+e) below. Plain loops over FastExp/FastLog vectorise; the loss is summed in double.
double SoftplusCoefficients(float* coef, std::size_t count, bool positive, float weight) {
  const float sign = positive ? -1.0f : 1.0f, sign_weight = sign * weight;
  alignas(64) float softplus[kSoftplusBlock];
  double loss = 0.0;
  for (std::size_t k0 = 0; k0 < count; k0 += kSoftplusBlock) {
    const std::size_t n = std::min(kSoftplusBlock, count - k0);
    float* c = coef + k0;
    for (std::size_t k = 0; k < n; ++k) {  // vectorised: no reduction in this loop
      const float t = sign * c[k];
      const float e = FastExp(-std::abs(t));
      softplus[k] = std::max(t, 0.0f) + FastLog(1.0f + e);
      c[k] = sign_weight * (t >= 0.0f ? 1.0f : e) / (1.0f + e);
    }
    double part[4] = {0.0, 0.0, 0.0, 0.0};  // four chains: a single double sum waits an add latency per pair
    std::size_t k = 0;
    for (; k + 4 <= n; k += 4)
      for (int j = 0; j < 4; ++j) part[j] += static_cast<double>(softplus[k + static_cast<std::size_t>(j)]);
    for (; k < n; ++k) part[0] += static_cast<double>(softplus[k]);
    loss += (part[0] + part[1]) + (part[2] + part[3]);
  }
  return loss;
}

// Logits of pairs [b, e) into out[0, e - b). With kPrefetch, the rows of a pair a few pairs on are prefetched: on tables
// past the caches they come from memory. On tables that fit, the prefetches are only extra instructions (PubMed's
// 1.3 MB table: 8.0 -> 7.3 ns per pair without them; 10^6 edges, 6.4 MB: 17.7 -> 22-25 ns).
template <bool kPrefetch, typename Dot>
void DotChunk(ConstMatRef table, std::span<const LocalId> a, std::span<const LocalId> b, std::size_t begin,
              std::size_t end, float* out, Dot dot) {
  const Eigen::Index d = table.cols();
  for (std::size_t k = begin; k < end; ++k) {
    if (kPrefetch && k + kAhead < end) {
      __builtin_prefetch(table.row(a[k + kAhead]).data());
      __builtin_prefetch(table.row(b[k + kAhead]).data());
    }
    out[k - begin] = dot(table.row(a[k]).data(), table.row(b[k]).data(), d);
  }
}

#ifdef __AVX512F__
// Logits of 16 pairs of 16-float rows into out[0, count), count <= 16: the pairs past count repeat the last one.
// The 16 products are summed by one transposing tree, about 2 shuffles and adds per pair where a horizontal sum
// of each takes 8 (PairBce, 188,000 negatives on a PubMed-sized table: 1.32 -> 1.25 ms). Every logit adds its
// 16 products in the same order, ((p0+p2)+(p1+p3)) in each group of 4 and then (g0+g2)+(g1+g3), so it does not
// depend on the pairs beside it: not on where blocks or chunks start, nor on the thread count.
template <bool kPrefetch>
inline void Dot16Pairs(const float* z, Eigen::Index ld, const LocalId* a, const LocalId* b, std::size_t count,
                       const LocalId* a_ahead, const LocalId* b_ahead, std::size_t count_ahead, float* out) {
  Vec16 v[16];
  for (std::size_t j = 0; j < 16; ++j) {
    const std::size_t k = std::min(j, count - 1);
    if (kPrefetch && j < count_ahead) {
      __builtin_prefetch(z + a_ahead[j] * ld);
      __builtin_prefetch(z + b_ahead[j] * ld);
    }
    v[j] = LoadVec(z + a[k] * ld) * LoadVec(z + b[k] * ld);
  }
  Vec16 t[8], u[4];
  for (int i = 0; i < 8; ++i)  // in each 128-bit lane: p0+p2, p1+p3 of rows 2i and 2i+1, interleaved
    t[i] = __builtin_shufflevector(v[2 * i], v[2 * i + 1], 0, 16, 1, 17, 4, 20, 5, 21, 8, 24, 9, 25, 12, 28, 13, 29) +
           __builtin_shufflevector(v[2 * i], v[2 * i + 1], 2, 18, 3, 19, 6, 22, 7, 23, 10, 26, 11, 27, 14, 30, 15, 31);
  for (int i = 0; i < 4; ++i)  // lane g, slot s: group g's sum of row 4i + s
    u[i] = __builtin_shufflevector(t[2 * i], t[2 * i + 1], 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29) +
           __builtin_shufflevector(t[2 * i], t[2 * i + 1], 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
  // (g0+g2, g1+g3) of rows 0-7 and 8-15, then their sums: slot 4i + s is row 4i + s.
  const Vec16 w0 = __builtin_shufflevector(u[0], u[1], 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23) +
                   __builtin_shufflevector(u[0], u[1], 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
  const Vec16 w1 = __builtin_shufflevector(u[2], u[3], 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23) +
                   __builtin_shufflevector(u[2], u[3], 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
  const Vec16 sum = __builtin_shufflevector(w0, w1, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27) +
                    __builtin_shufflevector(w0, w1, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31);
  _mm512_mask_storeu_ps(out, static_cast<__mmask16>((1u << count) - 1u), reinterpret_cast<const __m512&>(sum));
}

template <bool kPrefetch>
void DotChunk16(ConstMatRef table, std::span<const LocalId> a, std::span<const LocalId> b, std::size_t begin,
                std::size_t end, float* out) {
  const float* z = table.data();
  const Eigen::Index ld = table.outerStride();
  for (std::size_t k = begin; k < end; k += 16) {
    const std::size_t count = std::min<std::size_t>(16, end - k), ahead = k + kAhead;
    const std::size_t count_ahead = ahead < end ? std::min<std::size_t>(16, end - ahead) : 0;
    Dot16Pairs<kPrefetch>(z, ld, a.data() + k, b.data() + k, count, a.data() + std::min(ahead, end),
                          b.data() + std::min(ahead, end), count_ahead, out + (k - begin));
  }
}
#endif

// dtable[a_k] += coef_k z_{b_k}; dtable[b_k] += coef_k z_{a_k} for the rows in [lo, hi), pairs added in pair
// order: a range of pairs, or a list of the pairs that touch [lo, hi) (ascending; the pairs left out touch none of
// its rows). For rows of 16 floats the a-side terms of a run of consecutive pairs sharing a_k (positives come
// sorted by a) are summed in a register and added to dtable once per run. Runs end wherever a_k changes or a pair
// index is skipped (a skipped pair has another a_k), whatever [lo, hi) is and however the pairs are cut into
// calls, so every row sees the same sequence of additions for any split of the rows among threads.
class RowScatter {
 public:
  // Adds to the rows in [lo, hi) only; [0, table rows) is every row, and then the kernel tests no row's range.
  // prefetch: as DotChunk's (only for tables past the caches). coef[k - coef_first] is pair k's coefficient
  // (SetCoef moves it along when the coefficients are made a block at a time).
  RowScatter(ConstMatRef table, std::span<const LocalId> a, std::span<const LocalId> b, const float* coef,
             LocalId lo, LocalId hi, MatRef dtable, bool prefetch)
      : z_(table.data()), dz_(dtable.data()), ld_(table.outerStride()), ldd_(dtable.outerStride()),
        d_(table.cols()), a_(a), b_(b), coef_(coef), lo_(lo), hi_(hi),
        all_(lo == 0 && hi == static_cast<LocalId>(table.rows())), prefetch_(prefetch) {}
  RowScatter(const RowScatter&) = delete;
  RowScatter& operator=(const RowScatter&) = delete;
  ~RowScatter() { Flush(); }

  void SetCoef(const float* coef, std::size_t first) {
    coef_ = coef;
    coef_first_ = first;
  }
  void Add(std::size_t p0, std::size_t p1) {
    Visit(p1 - p0, [p0](std::size_t i) { return p0 + i; });
  }
  void Add(std::span<const std::uint32_t> pairs) {
    Visit(pairs.size(), [pairs](std::size_t i) { return static_cast<std::size_t>(pairs[i]); });
  }

 private:
  bool Mine(LocalId r) const { return r >= lo_ && r < hi_; }
  void Axpy(float g, const float* x, float* y) const {
    for (Eigen::Index c = 0; c < d_; ++c) y[c] += g * x[c];
  }
  void Flush() {
    if (Mine(run_)) StoreVec(dz_ + run_ * ldd_, LoadVec(dz_ + run_ * ldd_) + acc_);
    acc_ = Vec16{};
  }
  // Pairs pair_at(0), ..., pair_at(count - 1).
  template <typename PairAt>
  void Visit(std::size_t count, PairAt pair_at) {
    if (d_ != 16) {
      for (std::size_t i = 0; i < count; ++i) {
        const std::size_t k = pair_at(i);
        const float c = coef_[k - coef_first_];
        if (Mine(a_[k])) Axpy(c, z_ + b_[k] * ld_, dz_ + a_[k] * ldd_);
        if (Mine(b_[k])) Axpy(c, z_ + a_[k] * ld_, dz_ + b_[k] * ldd_);
      }
      return;
    }
    if (all_) prefetch_ ? Visit16<true, true>(count, pair_at) : Visit16<true, false>(count, pair_at);
    else prefetch_ ? Visit16<false, true>(count, pair_at) : Visit16<false, false>(count, pair_at);
  }
  // The same additions whatever the template arguments: kAll drops the row-range tests (every row is this
  // scatter's), kPrefetch adds prefetches.
  template <bool kAll, bool kPrefetch, typename PairAt>
  void Visit16(std::size_t count, PairAt pair_at) {
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t k = pair_at(i);
      const LocalId ak = a_[k], bk = b_[k];
      if (kPrefetch && i + kAhead < count) {
        const std::size_t ahead = pair_at(i + kAhead);
        __builtin_prefetch(z_ + a_[ahead] * ld_);
        __builtin_prefetch(z_ + b_[ahead] * ld_);
        __builtin_prefetch(dz_ + a_[ahead] * ldd_, 1);
        __builtin_prefetch(dz_ + b_[ahead] * ldd_, 1);
      }
      if (ak != run_ || k != next_) {
        Flush();
        run_ = ak;
      }
      next_ = k + 1;
      const float c = coef_[k - coef_first_];
      if (kAll || Mine(ak)) acc_ += c * LoadVec(z_ + bk * ld_);
      if (kAll || Mine(bk)) StoreVec(dz_ + bk * ldd_, LoadVec(dz_ + bk * ldd_) + c * LoadVec(z_ + ak * ld_));
    }
  }

  const float* z_;
  float* dz_;
  Eigen::Index ld_, ldd_, d_;
  std::span<const LocalId> a_, b_;
  const float* coef_;
  std::size_t coef_first_ = 0;
  LocalId lo_, hi_;
  bool all_, prefetch_;
  LocalId run_ = -1;
  std::size_t next_ = 0;  // the pair after the last one visited: a run continues only there
  Vec16 acc_ = {};
};
}  // namespace

double PairBce(ConstMatRef table, std::span<const LocalId> a, std::span<const LocalId> b, bool positive,
               double weight, MatRef dtable, PairBceWorkspace& ws) {
  VGAE_CHECK(a.size() == b.size() && dtable.rows() == table.rows() && dtable.cols() == table.cols());
  const std::size_t n = a.size(), chunks = (n + kPairChunk - 1) / kPairChunk;
  ws.partials.assign(chunks, 0.0);
  const Eigen::Index d = table.cols();
  const float w = static_cast<float>(weight);
  const auto rows = static_cast<std::int64_t>(table.rows());
  const auto table_bytes = static_cast<std::size_t>(rows * d) * sizeof(float);
  const bool prefetch = table_bytes > ws.prefetch_table_bytes;
  auto dots = [&](std::size_t bb, std::size_t ee, float* out) {
    auto with = [&](auto dot) {
      prefetch ? DotChunk<true>(table, a, b, bb, ee, out, dot) : DotChunk<false>(table, a, b, bb, ee, out, dot);
    };
#ifdef __AVX512F__
    if (d == 16) {
      prefetch ? DotChunk16<true>(table, a, b, bb, ee, out) : DotChunk16<false>(table, a, b, bb, ee, out);
      return;
    }
#endif
    d == 16 ? with(DotFixed<16>) : with(DotAny);
  };
  // A table that fits in one core's L2 is scored and scattered faster by one thread, chunk by chunk while the
  // rows are in cache, than by threads that each pass over every pair (Amazon Photo at 2 threads: 13.9 -> 12.7 ms
  // per epoch; PubMed 6.40 -> 6.20). Past L2 it depends on the machine, so it is timed (ws.threads): on a Zen 4 the
  // threads won on a 6.4 MB table (10^6 edges: 110 -> 123 ms on one), on a Zen 5 one thread scores 100,000
  // pairs of PubMed's 1.3 MB table in 0.66 ms against 0.96 ms on two.
  const int threads = n < 4096 || table_bytes <= ws.one_thread_table_bytes ? 1 : ThreadsOnAll();
  ws.coef.resize(threads > 1 ? n : kSoftplusBlock);  // the threaded path keeps every pair's coefficient
  auto score = [&](bool all) {
    if (!all) {
      // Blocks of kSoftplusBlock pairs are scored and then scattered at once, while their rows are still in L1.
      // The loss adds up in the same order as SoftplusCoefficients over a whole chunk (its blocks start at the
      // chunk's first pair, and a one-block call returns that block's sum), so both paths give the same bits.
      // Only a block's coefficients are used (a list's worth would be 4 bytes per pair, resident; the workspace
      // holds that many only where the threaded path may run).
      float* block = ws.coef.data();
      RowScatter scatter(table, a, b, block, 0, static_cast<LocalId>(rows), dtable, prefetch);
      for (std::size_t c = 0; c < chunks; ++c) {
        const std::size_t c0 = c * kPairChunk, c1 = std::min(n, c0 + kPairChunk);
        double partial = 0.0;
        for (std::size_t bb = c0; bb < c1; bb += kSoftplusBlock) {
          const std::size_t ee = std::min(c1, bb + kSoftplusBlock);
          dots(bb, ee, block);
          partial += SoftplusCoefficients(block, ee - bb, positive, w);
          scatter.SetCoef(block, bb);
          scatter.Add(bb, ee);
        }
        ws.partials[c] = partial;
      }
    } else {
      ParallelChunks(
          static_cast<std::int64_t>(n), static_cast<std::int64_t>(kPairChunk),
          [&](std::int64_t b0, std::int64_t e0) {
            const auto bb = static_cast<std::size_t>(b0), ee = static_cast<std::size_t>(e0);
            dots(bb, ee, ws.coef.data() + bb);
            ws.partials[bb / kPairChunk] = SoftplusCoefficients(ws.coef.data() + bb, ee - bb, positive, w);
          },
          ThreadUse::kAll);
      // Each thread owns a contiguous range of table rows: it lists the pairs that touch them and adds those, so
      // no two threads write one row and none loads the rows of pairs it has nothing to add for.
      VGAE_CHECK(n <= std::numeric_limits<std::uint32_t>::max());
      ws.touching.resize(static_cast<std::size_t>(threads));
#pragma omp parallel for num_threads(threads) schedule(static, 1)
      for (int t = 0; t < threads; ++t) {
        const auto lo = static_cast<LocalId>(rows * t / threads);
        const auto hi = static_cast<LocalId>(rows * (t + 1) / threads);
        auto& mine = ws.touching[static_cast<std::size_t>(t)];
        if (mine.size() < n) mine.resize(n);  // at most every pair
        // Branch-free: which pairs touch the range is random, and a branch on it mispredicts half the time.
        std::uint32_t* out = mine.data();
        std::size_t count = 0;
        for (std::size_t k = 0; k < n; ++k) {
          out[count] = static_cast<std::uint32_t>(k);
          count += static_cast<std::size_t>((a[k] >= lo && a[k] < hi) | (b[k] >= lo && b[k] < hi));
        }
        RowScatter(table, a, b, ws.coef.data(), lo, hi, dtable, prefetch)
            .Add(std::span<const std::uint32_t>(out, count));
      }
    }
  };
  if (threads == 1) score(false);
  else ChosenCall(nullptr, ws.threads[positive ? 1 : 0], static_cast<std::int64_t>(n), threads, score);
  double total = 0.0;
  for (double p : ws.partials) total += p;
  return weight * total;
}

double SelfPairBce(ConstMatRef z, double weight, MatRef dz, PairBceWorkspace& ws, GradientStore store) {
  VGAE_CHECK(dz.rows() == z.rows() && dz.cols() == z.cols());
  const auto n = static_cast<std::size_t>(z.rows()), chunks = (n + kPairChunk - 1) / kPairChunk;
  const Eigen::Index d = z.cols();
  ws.coef.resize(n);
  ws.partials.assign(chunks, 0.0);
  const float w = static_cast<float>(weight);
  // Rows in order, no gathers: each chunk scores its rows, then adds d softplus(-z·z)/dz = 2·coef·z to them.
  ParallelChunks(static_cast<std::int64_t>(n), static_cast<std::int64_t>(kPairChunk), [&](std::int64_t b0, std::int64_t e0) {
    const auto b = static_cast<std::size_t>(b0), e = static_cast<std::size_t>(e0);
    float* coef = ws.coef.data();
    std::size_t i = b;
#ifdef __AVX512F__
    if (d == 16) {  // the same logits as PairBce's of the pairs (i, i)
      for (; i < e; i += 16) {
        LocalId rows[16];
        const std::size_t count = std::min<std::size_t>(16, e - i);
        for (std::size_t j = 0; j < count; ++j) rows[j] = static_cast<LocalId>(i + j);
        Dot16Pairs<false>(z.data(), z.outerStride(), rows, rows, count, nullptr, nullptr, 0, coef + i);
      }
    }
#endif
    for (; i < e; ++i) {
      const float* zi = z.row(static_cast<Eigen::Index>(i)).data();
      coef[i] = d == 16 ? DotFixed<16>(zi, zi, d) : DotAny(zi, zi, d);
    }
    ws.partials[b / kPairChunk] = SoftplusCoefficients(coef + b, e - b, true, w);
    if (d == 16) {  // fixed-width rows in registers (Eigen's dynamic-width row loop tested alignment on every row)
      const float* zr = z.data() + static_cast<Eigen::Index>(b) * z.outerStride();
      float* dr = dz.data() + static_cast<Eigen::Index>(b) * dz.outerStride();
      for (std::size_t k = b; k < e; ++k, zr += z.outerStride(), dr += dz.outerStride()) {
        const Vec16 g = (2.0f * coef[k]) * LoadVec(zr);
        StoreVec(dr, store == GradientStore::kAssign ? g : LoadVec(dr) + g);
      }
    } else {
      for (std::size_t k = b; k < e; ++k) {
        const auto r = static_cast<Eigen::Index>(k);
        if (store == GradientStore::kAssign) dz.row(r) = (2.0f * coef[k]) * z.row(r);
        else dz.row(r) += (2.0f * coef[k]) * z.row(r);
      }
    }
  });
  double total = 0.0;
  for (double p : ws.partials) total += p;
  return weight * total;
}

double PairBce(ConstMatRef table, std::span<const LocalId> a, std::span<const LocalId> b, bool positive,
               double weight, MatRef dtable) {
  PairBceWorkspace ws;
  return PairBce(table, a, b, positive, weight, dtable, ws);
}

int PairTiling::Shift(std::int64_t rows, std::int64_t width) const {
  const auto row_bytes = static_cast<std::size_t>(width) * sizeof(float);
  if (rows <= 0 || row_bytes == 0 || static_cast<std::size_t>(rows) * row_bytes <= above_table_bytes) return -1;
  int shift = 0;
  while (shift < 62 && (std::size_t{2} << shift) * row_bytes <= tile_side_bytes) ++shift;
  while (shift < 62 && ((rows - 1) >> shift) + 1 > max_tiles_per_side) ++shift;
  return shift;
}

void OrderPairsByTile(std::span<LocalId> a, std::span<LocalId> b, std::int64_t rows, int shift,
                      std::vector<std::size_t>& counters) {
  VGAE_CHECK(a.size() == b.size() && rows > 0 && shift >= 0 && shift < 63);
  const auto side = static_cast<std::size_t>(((rows - 1) >> shift) + 1), tiles = side * side;
  const auto tile = [&](LocalId x, LocalId y) {
    return (static_cast<std::size_t>(x) >> shift) * side + (static_cast<std::size_t>(y) >> shift);
  };
  // Tile t's pairs go to [next[t], end[t]). (assign reuses the vector's storage once it is large enough.)
  counters.assign(2 * tiles + 1, 0);
  std::size_t* next = counters.data();
  std::size_t* end = next + tiles + 1;
  for (std::size_t k = 0; k < a.size(); ++k) {
    VGAE_CHECK(a[k] >= 0 && a[k] < rows && b[k] >= 0 && b[k] < rows);
    ++next[tile(a[k], b[k]) + 1];
  }
  for (std::size_t t = 0; t < tiles; ++t) next[t + 1] += next[t];
  std::copy(next + 1, next + tiles + 1, end);
  // Tile by tile: a pair out of place in tile t is taken in hand, leaving a hole; the hand's pair is swapped into
  // the next free slot of its own tile, the pair found there taken in hand, and so on until the hand holds a pair
  // of tile t, which fills the hole. Every pair moves at most once. One such chain waits on each load before the
  // next (on 10^7 pairs past the caches, ~8 ns a step), so kLanes chains run interleaved, all with their holes in
  // tile t: a hand of another tile u always finds a free slot there, as the pair in hand is one of u's not yet
  // placed. The order of the steps is fixed, so the result is too. (4.25·10^7 random pairs over 10^6 rows, 2^16-row
  // tiles: one chain 432 ms, 8 chains 174 ms, 16 chains 168 ms; through a second list of the pairs, 186 ms and 8
  // more bytes per pair.)
  constexpr int kLanes = 16;
  struct Lane {
    std::size_t hole;
    LocalId x, y;
    bool busy = false;
  };
  Lane lane[kLanes];
  for (std::size_t t = 0; t < tiles; ++t) {
    int busy = 0;
    while (true) {
      for (auto& l : lane) {  // start chains on tile t's next pairs out of place
        while (!l.busy && next[t] < end[t]) {
          const std::size_t k = next[t]++;
          if (tile(a[k], b[k]) != t) l = {k, a[k], b[k], true}, ++busy;
        }
      }
      if (busy == 0) break;
      for (auto& l : lane) {
        if (!l.busy) continue;
        const std::size_t u = tile(l.x, l.y);
        if (u == t) {
          a[l.hole] = l.x;
          b[l.hole] = l.y;
          l.busy = false;
          --busy;
          continue;
        }
        const std::size_t slot = next[u]++;
        std::swap(l.x, a[slot]);
        std::swap(l.y, b[slot]);
      }
    }
  }
}

DenseBceWeights MakeDenseBceWeights(std::int64_t num_nodes, std::int64_t num_train_edges) {
  const double n2 = static_cast<double>(num_nodes) * static_cast<double>(num_nodes);
  // As tkipf/gae's train.py: from adj_train.sum() = 2M, without the diagonal the labels carry.
  const double pos = 2.0 * static_cast<double>(num_train_edges);
  VGAE_CHECK(n2 > pos);
  return {(n2 - pos) / pos, n2 / (2.0 * (n2 - pos)), num_nodes};
}

double DenseBcePartial(ConstMatRef z_all, std::span<const GlobalId> owned, const CsrView<GlobalId>& adj,
                       const DenseBceWeights& w, MatRef dz_owned) {
  const Eigen::Index n = z_all.rows();
  VGAE_CHECK(n == w.num_nodes && adj.rows == static_cast<std::int64_t>(owned.size()));
  VGAE_CHECK(dz_owned.rows() == adj.rows && dz_owned.cols() == z_all.cols());
  const double scale = w.norm / (static_cast<double>(n) * static_cast<double>(n));
  constexpr Eigen::Index kBlock = 128;  // rows per block: the logit block is kBlock × N floats
  RowMatrixXf zo(std::min<Eigen::Index>(kBlock, adj.rows), z_all.cols());
  RowMatrixXf logits;
  Eigen::ArrayXf e(n);
  double total = 0.0;
  for (Eigen::Index r0 = 0; r0 < adj.rows; r0 += kBlock) {
    const Eigen::Index rows = std::min<Eigen::Index>(kBlock, adj.rows - r0);
    zo.resize(rows, z_all.cols());
    for (Eigen::Index i = 0; i < rows; ++i) zo.row(i) = z_all.row(owned[r0 + i]);
    logits.noalias() = zo * z_all.transpose();
    for (Eigen::Index i = 0; i < rows; ++i) {
      float* l = logits.row(i).data();
      // Every column as a negative first (vectorised: one exp per entry gives softplus and sigmoid), then
      // the positives (neighbours and self) are corrected in place.
      Eigen::Map<Eigen::ArrayXf> lr(l, n);
      e = (-lr.abs()).exp();
      // log(1 + e) rather than log1p, and a float row sum: both vectorise; the differences are below the
      // float precision of the result. sigmoid(l) = (1 + sign(l)·(1 - e)/(1 + e)) / 2 with the same e.
      double row_total = static_cast<double>((lr.max(0.0f) + (1.0f + e).log()).sum());
      lr = (0.5f * static_cast<float>(scale)) * (1.0f + lr.sign() * (1.0f - e) / (1.0f + e));
      auto correct = [&](GlobalId j) {
        const float s = z_all.row(j).dot(zo.row(i));
        row_total += w.pos_weight * Softplus(-s) - Softplus(s);
        l[j] = static_cast<float>(scale * -w.pos_weight) * Sigmoid(-s);
      };
      for (auto k = adj.indptr[r0 + i]; k < adj.indptr[r0 + i + 1]; ++k) correct(adj.indices[k]);
      correct(owned[r0 + i]);
      total += row_total;
    }
    dz_owned.middleRows(r0, rows).noalias() = 2.0f * logits.topRows(rows) * z_all;
  }
  return scale * total;
}

}  // namespace vgae::core
