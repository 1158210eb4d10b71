// Row kernels: the row's accumulator lives in registers for the fixed widths (16/32/64 floats = 1/2/4
// AVX-512 vectors), and the values-or-pattern test is hoisted out of the inner loop.
#include "core/spmm.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <tuple>
#include <type_traits>

#include "core/error.h"
#include "core/parallel.h"
#include "core/simd.h"

namespace vgae::core {
namespace {

constexpr std::int64_t kRowGrain = 512;  // rows per parallel chunk

// Eigen fixed-size rows make the compiler vectorise across the row's width (one or more packets held in
// registers) rather than across the nonzeros with gathers, which it otherwise prefers.
template <int kWidth>
using RowVec = Eigen::Array<float, 1, kWidth>;

// Up to four sets of accumulators, so consecutive non-zeros do not wait on one another's adds (one chain costs an
// FMA latency per non-zero), as many as fit in kAccumulatorVecs: four with AVX-512; with AVX2 4 / 2 / 1 at
// d = 16 / 32 / 64 (four sets of a 32-wide row took all 16 ymm registers and two of them lived on the stack).
// With kPrefetch, every cache line of the source rows a chosen distance on is prefetched (AheadNonZeros):
// large graphs gather rows at random from past the caches. The partial sums are added in a fixed order: a row's
// result never depends on the thread count.
template <int kVecs>
struct Acc {
  Vec16 v[kVecs];
};
template <int kVecs>
inline constexpr int kSets = std::min(kAccumulatorRows<kVecs>, 4);

template <int kVecs>
__attribute__((always_inline)) inline void AddRow(Acc<kVecs>& acc, float scale, const float* src) {
#pragma GCC unroll 4
  for (int v = 0; v < kVecs; ++v) acc.v[v] += scale * LoadVec(src + 16 * v);
}

// How far ahead the prefetches point: a distance in cache lines (a Vec16 is one 64-byte line) is lines / kVecs
// non-zeros, so 32 lines fetch a 32-wide row (two lines) 16 non-zeros on, a 16-wide one 32 on. The distance is
// chosen while running (PrefetchChooser, spmm.h). Measured before that, 10^7 edges, 10^6 rows, ms per SpMM:
// - Zen 4 (1 MiB L2), 1 thread, d = 16 / 32, medians of 10 calls over 2-3 runs: one line of every fourth row 8
//   non-zeros on (the former kernel) 179-181 / 238-259; every line of every row 8 on 148 / 225, 16 on 145 / 238,
//   32 on 125-136 / 216-239, 64 on 138-144 / 223-247.
// - Zen 3 (512 KiB L2), medians of 7 calls, 4 interleaved runs each, d = 32 at 1 / 2 threads: 8 on 420-571 /
//   261-299, 16 on 557-576 / 239-301, 32 on 605-671 / 293-371; d = 16 at 2 threads 159-211, 178-247 and
//   198-296: 64 lines in flight (32 two-line rows) are more than this core keeps outstanding.
// - Zen 5, d = 32, 1 / 2 threads, three alternations: 32 lines 266-273 / 96-112 in the file's order, 256 lines
//   114-187 / 59-93; with the nodes in METIS order 96-129 / 49-63 against 66-90 / 43-50.
constexpr std::int64_t AheadNonZeros(std::int64_t lines, Eigen::Index width) {
  return std::max<std::int64_t>(1, lines / std::max<Eigen::Index>(1, width / 16));
}

std::atomic<std::int64_t> fixed_prefetch_lines{0};

// One chooser per operator (its column array), thread count and kind of call (width 16 / 32 / 64, storage order
// or listed rows, kLocal or kScattered): the distance that pays depends on how the operator's columns are spread.
class Choosers {
 public:
  using Key = std::tuple<const void*, int, int>;
  struct Call {
    std::int64_t lines;
    bool timed;  // still choosing: Record the call's time
  };
  Call Next(const Key& key) {
    std::lock_guard lock(mu_);
    const auto& chooser = choosers_[key];
    return {chooser.Next(), !chooser.Chosen()};
  }
  void Record(const Key& key, std::int64_t lines, double ns_per_nonzero) {
    std::lock_guard lock(mu_);
    choosers_[key].Record(lines, ns_per_nonzero);
  }

 private:
  std::mutex mu_;
  std::map<Key, PrefetchChooser> choosers_;
};
Choosers& TheChoosers() {
  static Choosers choosers;
  return choosers;
}

// Where the prefetches point when only listed rows are computed (SpMMRows: the interior rows, then the boundary
// ones): the chosen distance on in the order the rows are computed, across the list's rows. (The
// non-zero that far on in storage order would often belong to a row of the other list, and the next listed row
// would come unfetched.)
template <typename Index>
class ListAhead {
 public:
  ListAhead(const CsrView<Index>& a, std::span<const LocalId> rows, std::size_t first, std::int64_t ahead)
      : a_(a), rows_(rows), j_(first) {
    Enter();
    for (std::int64_t s = 0; s < ahead; ++s) Next();
  }
  // The column of the non-zero `ahead` on from the one being added, or -1 past the list's end.
  std::int64_t Next() {
    while (k_ == end_) {
      if (++j_ >= rows_.size()) return -1;
      Enter();
    }
    return static_cast<std::int64_t>(a_.indices[k_++]);
  }

 private:
  void Enter() {
    if (j_ >= rows_.size()) return;
    const auto r = static_cast<std::size_t>(rows_[j_]);
    k_ = a_.indptr[r];
    end_ = a_.indptr[r + 1];
  }
  const CsrView<Index>& a_;
  std::span<const LocalId> rows_;
  std::size_t j_;
  std::int64_t k_ = 0, end_ = 0;
};

// Prefetches by storage order, `nonzeros` on: the rows computed are consecutive.
struct StorageAhead {
  std::int64_t nonzeros;
};

// Vector v of a kWidth-wide row's caps for Epilogue::kCapRightHalf: kRightHalfCap on columns kWidth/2 and up,
// +inf (no cap) below. The half starts on a multiple of 8, so each 8-lane half of a vector is one or the other.
template <int kWidth>
inline Vec16 RightHalfCaps(int v) {
  const auto cap = [](int first_column) {
    return first_column >= kWidth / 2 ? kRightHalfCap : std::numeric_limits<float>::infinity();
  };
  return SplatHalves(cap(16 * v), cap(16 * v + 8));
}

template <int kWidth, bool kValues, bool kPrefetch, typename Index, typename Ahead>
__attribute__((always_inline)) inline void RowFixed(const CsrView<Index>& a, const float* m, Eigen::Index ld,
                                                    float* dst, std::int64_t i, Epilogue epilogue, Ahead& ahead) {
  constexpr int kVecs = kWidth / 16;
  constexpr bool kByList = !std::is_same_v<Ahead, StorageAhead>;
  const std::int64_t end = a.indptr[i + 1], nnz = a.indptr[a.rows];
  const Index* idx = a.indices.data();
  const float* val = a.values.data();
  auto row = [&](std::int64_t k) { return m + static_cast<Eigen::Index>(idx[k]) * ld; };
  auto value = [&](std::int64_t k) {
    if constexpr (kValues) return val[k];
    else return 1.0f;  // the multiply by 1 folds away
  };
  auto fetch_listed = [&] {  // one non-zero on along the list
    if constexpr (kPrefetch && kByList) {
      if (const std::int64_t c = ahead.Next(); c >= 0) {
#pragma GCC unroll 4
        for (int v = 0; v < kVecs; ++v) __builtin_prefetch(m + c * ld + 16 * v);
      }
    }
  };
  constexpr int kS = kSets<kVecs>;
  static_assert(kS == 1 || kS == 2 || kS == 4, "the final sum below adds 1, 2 or 4 sets");
  // Non-zero j of a group of four goes to set j % kS; named sets, as GCC keeps an indexed array in memory.
  Acc<kVecs> acc0{}, acc1{}, acc2{}, acc3{};
  auto set = [&](int j) -> Acc<kVecs>& {
    switch (j % kS) {
      case 0: return acc0;
      case 1: return acc1;
      case 2: return acc2;
      default: return acc3;
    }
  };
  std::int64_t k = a.indptr[i];
  for (; k + 4 <= end; k += 4) {
    if constexpr (kPrefetch && kByList) {
#pragma GCC unroll 4
      for (int j = 0; j < 4; ++j) fetch_listed();
    } else if constexpr (kPrefetch) {
      if (const std::int64_t on = ahead.nonzeros; k + 3 + on < nnz) {
#pragma GCC unroll 4
        for (int j = 0; j < 4; ++j) {
#pragma GCC unroll 4
          for (int v = 0; v < kVecs; ++v) __builtin_prefetch(row(k + j + on) + 16 * v);
        }
      }
    }
    AddRow(set(0), value(k), row(k));
    AddRow(set(1), value(k + 1), row(k + 1));
    AddRow(set(2), value(k + 2), row(k + 2));
    AddRow(set(3), value(k + 3), row(k + 3));
  }
  if (k < end) fetch_listed(), AddRow(set(0), value(k), row(k)), ++k;
  if (k < end) fetch_listed(), AddRow(set(1), value(k), row(k)), ++k;
  if (k < end) fetch_listed(), AddRow(set(2), value(k), row(k));
#pragma GCC unroll 4
  for (int v = 0; v < kVecs; ++v) {
    Vec16 sum;
    if constexpr (kS == 4) sum = (acc0.v[v] + acc1.v[v]) + (acc2.v[v] + acc3.v[v]);
    else if constexpr (kS == 2) sum = acc0.v[v] + acc1.v[v];
    else sum = acc0.v[v];
    if (epilogue == Epilogue::kRelu) sum = Relu(sum);
    if (epilogue == Epilogue::kCapRightHalf) sum = CapAt(sum, RightHalfCaps<kWidth>(v));
    StoreVec(dst + 16 * v, sum);
  }
}

template <bool kValues, typename Index>
inline void RowAny(const CsrView<Index>& a, const float* m, Eigen::Index ld, Eigen::Index d, float* dst,
                   std::int64_t i, Epilogue epilogue) {
  std::fill(dst, dst + d, 0.0f);
  for (std::int64_t k = a.indptr[i]; k < a.indptr[i + 1]; ++k) {
    const float* src = m + static_cast<Eigen::Index>(a.indices[k]) * ld;
    const float v = kValues ? a.values[k] : 1.0f;
    for (Eigen::Index c = 0; c < d; ++c) dst[c] += v * src[c];
  }
  if (epilogue == Epilogue::kRelu)
    for (Eigen::Index c = 0; c < d; ++c) dst[c] = std::max(dst[c], 0.0f);
  if (epilogue == Epilogue::kCapRightHalf)
    for (Eigen::Index c = d / 2; c < d; ++c) dst[c] = std::min(dst[c], kRightHalfCap);
}

// Calls row(i, ahead) for each row index the generator yields, with the kernel chosen once for the width; ahead
// is a StorageAhead, or the generator's ListAhead when it computes listed rows (`listed`). The generator is
// called as for_each_row(row, nonzeros ahead to prefetch, threads): it runs its rows with ParallelChunks(...,
// threads). count_nonzeros() gives the non-zeros it computes, asked only while the prefetch distance is being
// chosen.
template <typename Index, typename CountNonZeros, typename ForEachRow>
void Dispatch(const CsrView<Index>& a, ConstMatRef m, MatRef out, Epilogue epilogue, Gather gather, bool listed,
              CountNonZeros&& count_nonzeros, ForEachRow&& for_each_row) {
  const float* src = m.data();
  const Eigen::Index ld = m.outerStride(), d = m.cols();
  float* dst = out.data();
  const Eigen::Index ldo = out.outerStride();
  std::int64_t lines = 0;  // the prefetch distance of this call
  ThreadUse threads = ThreadUse::kChoose;
  auto run = [&](auto kernel) {
    for_each_row([&](std::int64_t i, auto& ahead) { kernel(dst + i * ldo, i, ahead); }, AheadNonZeros(lines, d),
                 threads);
  };
  const bool values = !a.values.empty();
  // Local sources that stay in cache gain nothing from the prefetches and pay their instructions (PubMed, 2.5 MB:
  // the epoch 1.5 % slower with them); from 12.8 MB (10^6 edges, d = 32) they pay (9.2 -> 7.6 ms per SpMM).
  // Scattered gathers from L3 pay from far smaller sources (CiteSeer's 474 KB W0: see kScattered).
  const std::size_t above =
      gather == Gather::kScattered ? kSpMMPrefetchScatteredSourceBytes : kSpMMPrefetchSourceBytes;
  const bool prefetch = static_cast<std::size_t>(m.rows() * ld) * sizeof(float) > above;
  auto pick = [&]<bool kValues, bool kPrefetch>() {
    switch (d) {
      case 16:
        return run([&](float* o, std::int64_t i, auto& ahead) {
          RowFixed<16, kValues, kPrefetch>(a, src, ld, o, i, epilogue, ahead);
        });
      case 32:
        return run([&](float* o, std::int64_t i, auto& ahead) {
          RowFixed<32, kValues, kPrefetch>(a, src, ld, o, i, epilogue, ahead);
        });
      case 64:
        return run([&](float* o, std::int64_t i, auto& ahead) {
          RowFixed<64, kValues, kPrefetch>(a, src, ld, o, i, epilogue, ahead);
        });
      default:
        return run([&](float* o, std::int64_t i, auto&) { RowAny<kValues>(a, src, ld, d, o, i, epilogue); });
    }
  };
  if (!prefetch || (d != 16 && d != 32 && d != 64)) {
    values ? pick.template operator()<true, false>() : pick.template operator()<false, false>();
    return;
  }
  threads = ThreadUse::kAll;  // prefetching: every thread, as the distance is chosen per thread count
  const Choosers::Key kind{a.indices.data(), ThreadsOnAll(),
                           (d == 16 ? 0 : d == 32 ? 4 : 8) + (listed ? 2 : 0) + (gather == Gather::kScattered ? 1 : 0)};
  auto& choosers = TheChoosers();
  lines = fixed_prefetch_lines.load(std::memory_order_relaxed);
  bool timed = false;
  if (lines == 0) {
    const auto call = choosers.Next(kind);
    lines = call.lines, timed = call.timed;
  }
  const auto t0 = std::chrono::steady_clock::now();
  values ? pick.template operator()<true, true>() : pick.template operator()<false, true>();
  if (timed) {
    const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    choosers.Record(kind, lines, ns / static_cast<double>(std::max<std::int64_t>(1, count_nonzeros())));
  }
}

}  // namespace

std::int64_t PrefetchChooser::Next() const { return kPrefetchLineChoices[way_.Next()]; }

void PrefetchChooser::Record(std::int64_t lines, double ns_per_nonzero) {
  const auto* at = std::find(std::begin(kPrefetchLineChoices), std::end(kPrefetchLineChoices), lines);
  VGAE_CHECK(at != std::end(kPrefetchLineChoices));
  way_.Record(static_cast<int>(at - std::begin(kPrefetchLineChoices)), ns_per_nonzero);
}

void SetSpMMPrefetchLines(std::int64_t lines) {
  VGAE_CHECK(lines == 0 || std::find(std::begin(kPrefetchLineChoices), std::end(kPrefetchLineChoices), lines) !=
                               std::end(kPrefetchLineChoices));
  fixed_prefetch_lines.store(lines, std::memory_order_relaxed);
}

template <typename Index>
void SpMM(const CsrView<Index>& a, ConstMatRef m, MatRef out, std::int64_t row_begin, std::int64_t row_end,
          Epilogue epilogue, Gather gather) {
  VGAE_CHECK(m.rows() == a.cols && out.rows() >= row_end && out.cols() == m.cols());
  const auto count = [&] { return a.indptr[row_end] - a.indptr[row_begin]; };
  Dispatch(a, m, out, epilogue, gather, false, count,
           [&](auto&& row, std::int64_t ahead_nonzeros, ThreadUse threads) {
             ParallelChunks(
                 row_end - row_begin, kRowGrain,
                 [&](std::int64_t b, std::int64_t e) {
                   StorageAhead ahead{ahead_nonzeros};
                   for (std::int64_t i = row_begin + b; i < row_begin + e; ++i) row(i, ahead);
                 },
                 threads);
           });
}

template <typename Index>
void SpMMRows(const CsrView<Index>& a, ConstMatRef m, MatRef out, std::span<const LocalId> rows, Epilogue epilogue,
              const std::function<void()>& progress) {
  VGAE_CHECK(m.rows() == a.cols && out.rows() >= a.rows && out.cols() == m.cols());
  // Blocks between progress calls: small enough to keep messages moving, large enough to amortise the threads.
  constexpr std::int64_t kBlock = 8192;
  const auto n = static_cast<std::int64_t>(rows.size());
  const auto count = [&] {
    std::int64_t nnz = 0;
    for (const LocalId r : rows) nnz += a.indptr[r + 1] - a.indptr[r];
    return nnz;
  };
  Dispatch(a, m, out, epilogue, Gather::kLocal, true, count,
           [&](auto&& row, std::int64_t ahead_nonzeros, ThreadUse threads) {
             for (std::int64_t b0 = 0; b0 < n; b0 += kBlock) {
               const std::int64_t b1 = std::min(n, b0 + kBlock);
               ParallelChunks(
                   b1 - b0, kRowGrain,
                   [&](std::int64_t b, std::int64_t e) {
                     // Prefetches run along the list, into the next block too (the next chunk may be another
                     // thread's).
                     ListAhead<Index> ahead(a, rows, static_cast<std::size_t>(b0 + b), ahead_nonzeros);
                     for (std::int64_t j = b0 + b; j < b0 + e; ++j) row(rows[static_cast<std::size_t>(j)], ahead);
                   },
                   threads);
               if (progress) progress();
             }
           });
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

template <typename Index>
Csr<LocalId> Transpose(const CsrView<Index>& a) {
  VGAE_CHECK(a.rows <= std::numeric_limits<LocalId>::max());
  Csr<LocalId> t;
  t.rows = a.cols;
  t.cols = a.rows;
  t.indptr.assign(static_cast<std::size_t>(a.cols) + 1, 0);
  for (std::int64_t k = 0; k < a.Nnz(); ++k) ++t.indptr[static_cast<std::size_t>(a.indices[k]) + 1];
  for (std::int64_t c = 0; c < a.cols; ++c) t.indptr[c + 1] += t.indptr[c];
  t.indices.resize(static_cast<std::size_t>(a.Nnz()));
  if (!a.values.empty()) t.values.resize(t.indices.size());
  std::vector<std::int64_t> next(t.indptr.begin(), t.indptr.end() - 1);
  for (std::int64_t i = 0; i < a.rows; ++i)  // rows ascending: each output row lists its entries in row order
    for (std::int64_t k = a.indptr[i]; k < a.indptr[i + 1]; ++k) {
      const auto at = next[static_cast<std::size_t>(a.indices[k])]++;
      t.indices[static_cast<std::size_t>(at)] = static_cast<LocalId>(i);
      if (!a.values.empty()) t.values[static_cast<std::size_t>(at)] = a.values[k];
    }
  return t;
}

#define VGAE_SPMM_INSTANTIATE(Index)                                                                            \
  template void SpMM<Index>(const CsrView<Index>&, ConstMatRef, MatRef, std::int64_t, std::int64_t, Epilogue,   \
                            Gather);                                                                           \
  template void SpMMRows<Index>(const CsrView<Index>&, ConstMatRef, MatRef, std::span<const LocalId>, Epilogue, \
                                const std::function<void()>&);                                                 \
  template void SpMMTransposeAdd<Index>(const CsrView<Index>&, ConstMatRef, MatRef);                           \
  template Csr<LocalId> Transpose<Index>(const CsrView<Index>&);
VGAE_SPMM_INSTANTIATE(std::int32_t)
VGAE_SPMM_INSTANTIATE(std::int64_t)
#undef VGAE_SPMM_INSTANTIATE

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
