// Philox4x32-10 with the constants of Random123 (inline in rng.h); the key is the seed mixed with the stream tag.
#include "core/rng.h"

#ifdef __AVX2__
#include <immintrin.h>
#endif

#include <cmath>
#include <algorithm>
#include <limits>
#include <numbers>

#include "core/error.h"
#include "core/fast_math.h"

namespace vgae::core {

float UniformFloat(std::uint32_t bits) { return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f); }

double UniformDouble(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t v = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 11;
  return static_cast<double>(v) * (1.0 / 9007199254740992.0);
}

namespace {
// One vector of 32-bit lanes, lane l holding block j + l, for PhiloxLanes.
#ifdef __AVX2__
struct Lanes8 {
  using V = __m256i;
  static constexpr std::size_t kLanes = 8;
  static V Set1(std::uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }
  static V MulEven(V a, V b) { return _mm256_mul_epu32(a, b); }
  static V Srl32(V a) { return _mm256_srli_epi64(a, 32); }
  static V Sll32(V a) { return _mm256_slli_epi64(a, 32); }
  static V OddFrom(V even_lanes, V odd_lanes) { return _mm256_blend_epi32(even_lanes, odd_lanes, 0xAA); }
  static V Xor(V a, V b) { return _mm256_xor_si256(a, b); }
  static void Counters(const std::uint64_t* counter, V& lo, V& hi) {
    // Each half of four counters packed to (low words, high words), then the halves' words gathered.
    const V pack = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    const V a = _mm256_permutevar8x32_epi32(_mm256_loadu_si256(reinterpret_cast<const V*>(counter)), pack);
    const V b = _mm256_permutevar8x32_epi32(_mm256_loadu_si256(reinterpret_cast<const V*>(counter + 4)), pack);
    lo = _mm256_permute2x128_si256(a, b, 0x20);
    hi = _mm256_permute2x128_si256(a, b, 0x31);
  }
  static void Store(std::uint32_t* p, V a) { _mm256_storeu_si256(reinterpret_cast<V*>(p), a); }
};
#endif

// Philox over blocks j, j + L::kLanes, ... while a full vector remains; returns the first block left. A 32x32->64
// multiply (vpmuludq) covers the even lanes, a second one the odd lanes shifted down, and blends give the high
// and low words. emit(at, w0, w1, w2, w3) takes the four words of blocks at, ..., at + L::kLanes - 1 in registers.
template <typename L, typename Emit>
[[maybe_unused]] std::size_t PhiloxLanes(std::uint64_t seed, Stream stream, std::uint64_t a,
                                         const std::uint64_t* counter, std::size_t n, std::size_t j, Emit&& emit) {
  using V = typename L::V;
  const V m0 = L::Set1(philox::kM0), m1 = L::Set1(philox::kM1);
  const auto [k0_init, k1_init] = philox::Key(seed, stream);
  auto mul_hi_lo = [&](V c, V m, V& hi, V& lo) {
    const V even = L::MulEven(c, m), odd = L::MulEven(L::Srl32(c), m);
    hi = L::OddFrom(L::Srl32(even), odd);
    lo = L::OddFrom(even, L::Sll32(odd));
  };
  // The round keys, broadcast once per call rather than once per round and vector.
  V key0[10], key1[10];
  for (std::uint32_t round = 0, k0 = k0_init, k1 = k1_init; round < 10; ++round, k0 += philox::kW0, k1 += philox::kW1)
    key0[round] = L::Set1(k0), key1[round] = L::Set1(k1);
  const V a_lo = L::Set1(static_cast<std::uint32_t>(a)), a_hi = L::Set1(static_cast<std::uint32_t>(a >> 32));
  // kU vectors at once: their rounds are independent, so one's multiplies fill the other's latency.
  auto blocks = [&]<int kU>(std::size_t j0) {
    V c0[kU], c1[kU], c2[kU], c3[kU];
    for (int u = 0; u < kU; ++u) {
      c0[u] = a_lo, c1[u] = a_hi;
      L::Counters(counter + j0 + u * L::kLanes, c2[u], c3[u]);
    }
#pragma GCC unroll 10
    for (int round = 0; round < 10; ++round)
      for (int u = 0; u < kU; ++u) {
        V hi0, lo0, hi1, lo1;
        mul_hi_lo(c0[u], m0, hi0, lo0);
        mul_hi_lo(c2[u], m1, hi1, lo1);
        c0[u] = L::Xor(L::Xor(hi1, c1[u]), key0[round]);
        c2[u] = L::Xor(L::Xor(hi0, c3[u]), key1[round]);
        c1[u] = lo1;
        c3[u] = lo0;
      }
    for (int u = 0; u < kU; ++u) emit(j0 + u * L::kLanes, c0[u], c1[u], c2[u], c3[u]);
  };
  for (; j + 2 * L::kLanes <= n; j += 2 * L::kLanes) blocks.template operator()<2>(j);
  for (; j + L::kLanes <= n; j += L::kLanes) blocks.template operator()<1>(j);
  return j;
}
#ifdef __AVX512F__
// Philox over blocks j, j + 8, ... with one block per 64-bit lane, its 32-bit words in the lanes' low halves.
// vpmuludq then gives a word's whole 64-bit product in place: its high word is one shift away and its low word
// is the lane as it stands (a high half left over is ignored by the next multiply and dropped by the final
// narrowing). A round is 2 multiplies, 2 shifts and 2 three-way XORs per 8 blocks, against 16 operations per 16
// blocks with 32-bit lanes (which need shifts and blends to split even and odd lanes' products): 1.78 -> 1.37
// ns per block on the build machine (Zen 4, 256 blocks a call). Four vectors at once hide the multiplies'
// latency (eight: no faster).
std::size_t PhiloxWideLanes(std::uint64_t seed, Stream stream, std::uint64_t a, const std::uint64_t* counter,
                            std::size_t n, std::uint32_t* w0, std::uint32_t* w1, std::uint32_t* w2, std::uint32_t* w3,
                            std::size_t j) {
  using V = __m512i;
  constexpr std::size_t kLanes = 8;
  const V m0 = _mm512_set1_epi64(philox::kM0), m1 = _mm512_set1_epi64(philox::kM1);
  const auto [k0_init, k1_init] = philox::Key(seed, stream);
  V key0[10], key1[10];
  for (std::uint32_t round = 0, k0 = k0_init, k1 = k1_init; round < 10; ++round, k0 += philox::kW0, k1 += philox::kW1)
    key0[round] = _mm512_set1_epi32(static_cast<int>(k0)), key1[round] = _mm512_set1_epi32(static_cast<int>(k1));
  const V a_lo = _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(a)));
  const V a_hi = _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(a >> 32)));
  auto blocks = [&]<int kU>(std::size_t j0) {
    V c0[kU], c1[kU], c2[kU], c3[kU];
    for (int u = 0; u < kU; ++u) {
      c0[u] = a_lo, c1[u] = a_hi;
      c2[u] = _mm512_loadu_si512(counter + j0 + u * kLanes);  // low word in the low half
      c3[u] = _mm512_srli_epi64(c2[u], 32);
    }
#pragma GCC unroll 10
    for (int round = 0; round < 10; ++round)
      for (int u = 0; u < kU; ++u) {
        const V p0 = _mm512_mul_epu32(c0[u], m0), p1 = _mm512_mul_epu32(c2[u], m1);
        c0[u] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1[u], key0[round], 0x96);  // a ^ b ^ c
        c2[u] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3[u], key1[round], 0x96);
        c1[u] = p1;
        c3[u] = p0;
      }
    for (int u = 0; u < kU; ++u) {
      const std::size_t at = j0 + u * kLanes;
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(w0 + at), _mm512_cvtepi64_epi32(c0[u]));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(w1 + at), _mm512_cvtepi64_epi32(c1[u]));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(w2 + at), _mm512_cvtepi64_epi32(c2[u]));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(w3 + at), _mm512_cvtepi64_epi32(c3[u]));
    }
  };
  for (; j + 4 * kLanes <= n; j += 4 * kLanes) blocks.template operator()<4>(j);
  for (; j + kLanes <= n; j += kLanes) blocks.template operator()<1>(j);
  return j;
}
#endif
}  // namespace

void PhiloxBatch(std::uint64_t seed, Stream stream, std::uint64_t a, const std::uint64_t* counter, std::size_t n,
                 std::uint32_t* w0, std::uint32_t* w1, std::uint32_t* w2, std::uint32_t* w3) {
  std::size_t j = 0;
#ifdef __AVX512F__
  j = PhiloxWideLanes(seed, stream, a, counter, n, w0, w1, w2, w3, j);
#endif
#ifdef __AVX2__
  j = PhiloxLanes<Lanes8>(seed, stream, a, counter, n, j, [&](std::size_t at, auto c0, auto c1, auto c2, auto c3) {
    Lanes8::Store(w0 + at, c0);
    Lanes8::Store(w1 + at, c1);
    Lanes8::Store(w2 + at, c2);
    Lanes8::Store(w3 + at, c3);
  });
#endif
  for (; j < n; ++j) {
    const auto w = Philox(seed, stream, a, counter[j]);
    w0[j] = w[0], w1[j] = w[1], w2[j] = w[2], w3[j] = w[3];
  }
}

namespace {
constexpr std::size_t kBatch = 256;  // draws per batch: plain loops over stack arrays, which vectorise

// c/s[j] = the Box-Muller pair of uniform words u_bits[j] (radius) and t_bits[j] (angle).
void BoxMuller(const std::uint32_t* u_bits, const std::uint32_t* t_bits, std::size_t n, float* c, float* s) {
  for (std::size_t j = 0; j < n; ++j) {
    const float u = static_cast<float>((u_bits[j] >> 8) + 1u) * (1.0f / 16777216.0f);
    const float theta = static_cast<float>(t_bits[j] >> 8) * (2.0f * std::numbers::pi_v<float> / 16777216.0f);
    const float r = std::sqrt(-2.0f * FastLog(u));
    float sn, cs;
    FastSinCos(theta, sn, cs);
    c[j] = r * cs;
    s[j] = r * sn;
  }
}

// q[0..pairs*2-1][j]: normals of Philox(seed, stream, a, counter[j]). The first pair (q[0], q[1]) is the
// Box-Muller pair of words 0 and 2; with pairs = 2, q[2], q[3] are that of words 1 and 3.
void Normals(std::uint64_t seed, Stream stream, std::uint64_t a, const std::uint64_t* counter, std::size_t n,
             int pairs, float (*q)[kBatch]) {
  alignas(64) std::uint32_t w0[kBatch], w1[kBatch], w2[kBatch], w3[kBatch];
  PhiloxBatch(seed, stream, a, counter, n, w0, w1, w2, w3);
  BoxMuller(w0, w2, n, q[0], q[1]);
  if (pairs == 2) BoxMuller(w1, w3, n, q[2], q[3]);
}

#if defined(__AVX2__) && !defined(__AVX512F__)
// ⌊(hi·n + ⌊lo·n / 2^32⌋) / 2^32⌋ lane by lane for n < 2^32 (n in every 64-bit lane): UniformPairs' 64-bit
// arithmetic below on eight lanes, even lanes by one vpmuludq and odd lanes by another.
__m256i BelowLanes(__m256i hi, __m256i lo, __m256i n) {
  const __m256i even = _mm256_srli_epi64(
      _mm256_add_epi64(_mm256_mul_epu32(hi, n), _mm256_srli_epi64(_mm256_mul_epu32(lo, n), 32)), 32);
  const __m256i odd = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(hi, 32), n),
                                       _mm256_srli_epi64(_mm256_mul_epu32(_mm256_srli_epi64(lo, 32), n), 32));
  return _mm256_blend_epi32(even, odd, 0xAA);  // the odd lanes' results are their products' high words
}

// Eight ids below 2^32 into 32- or 64-bit slots.
inline void StoreIds(std::int32_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
inline void StoreIds(std::int64_t* p, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm256_cvtepu32_epi64(_mm256_castsi256_si128(v)));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p + 4), _mm256_cvtepu32_epi64(_mm256_extracti128_si256(v, 1)));
}
#endif

// UniformPairs into 64-bit ids or (one rank's rows) 32-bit ones.
template <typename Id>
void UniformPairsInto(std::uint64_t seed, Stream stream, std::uint64_t epoch, std::span<const std::uint64_t> keys,
                      std::uint64_t per_key, std::uint64_t n, std::uint64_t first_draw, std::span<Id> a,
                      std::span<Id> b) {
  VGAE_CHECK(a.size() == b.size() && first_draw + a.size() <= keys.size() * per_key);
  if (a.empty()) return;
  VGAE_CHECK(n - 1 <= static_cast<std::uint64_t>(std::numeric_limits<Id>::max()));
  // Draws are numbered key by key, so a batch of counters always covers a contiguous range of the outputs. (8
  // slots of slack: a short run is written 8 counters at a time, past its end.)
  alignas(64) std::uint64_t counter[kBatch + 8];
  alignas(64) std::uint32_t w0[kBatch], w1[kBatch], w2[kBatch], w3[kBatch];
  std::size_t first = 0, nd = 0;
  auto flush = [&] {
    if (nd == 0) return;
    std::size_t j0 = 0;
#if defined(__AVX2__) && !defined(__AVX512F__)
    // Whole vectors of blocks go from Philox's registers to ids, with no words stored and loaded again (PubMed's
    // 188,380 negatives drawn in 0.83 -> 0.68 ms, microbenchmark, 1 thread, Zen 3).
    if (n <= 0xFFFFFFFFu) {
      const __m256i nv = _mm256_set1_epi64x(static_cast<long long>(n));
      Id* pa = a.data() + first;
      Id* pb = b.data() + first;
      j0 = PhiloxLanes<Lanes8>(seed, stream, epoch, counter, nd, 0,
                               [&](std::size_t at, __m256i c0, __m256i c1, __m256i c2, __m256i c3) {
                                 StoreIds(pa + at, BelowLanes(c0, c1, nv));
                                 StoreIds(pb + at, BelowLanes(c2, c3, nv));
                               });
    }
#endif
    PhiloxBatch(seed, stream, epoch, counter + j0, nd - j0, w0 + j0, w1 + j0, w2 + j0, w3 + j0);
    if (n <= 0xFFFFFFFFu) {
      // UniformBelow in 64-bit arithmetic, which vectorises: for n < 2^32, ⌊x·n / 2^64⌋ with x = hi·2^32 + lo is
      // ⌊(hi·n + ⌊lo·n / 2^32⌋) / 2^32⌋ exactly, and the sum stays below 2^64.
      const std::uint64_t n32 = n;
      for (std::size_t j = j0; j < nd; ++j) {
        a[first + j] = static_cast<Id>((w0[j] * n32 + ((w1[j] * n32) >> 32)) >> 32);
        b[first + j] = static_cast<Id>((w2[j] * n32 + ((w3[j] * n32) >> 32)) >> 32);
      }
    } else {
      for (std::size_t j = j0; j < nd; ++j) {
        a[first + j] = static_cast<Id>(UniformBelow(w0[j], w1[j], n));
        b[first + j] = static_cast<Id>(UniformBelow(w2[j], w3[j], n));
      }
    }
    first += nd;
    nd = 0;
  };
  // A key's draws at a time (the multiply and the tests once per key, not per draw: 0.48 -> 0.42 ms for PubMed's
  // 188,380 negatives), cut where a batch fills.
  std::size_t i = static_cast<std::size_t>(first_draw / per_key);
  std::uint64_t t = first_draw % per_key;
  for (std::size_t left = a.size(); left > 0;) {
    const std::uint64_t base = keys[i] * per_key;
    const auto run = static_cast<std::size_t>(std::min<std::uint64_t>({per_key - t, left, kBatch - nd}));
#ifdef __AVX2__
    if (run <= 8) {  // the usual case (a few negatives per positive): two stores, not run steps (0.68 -> 0.64 ms)
      const __m256i first4 = _mm256_add_epi64(_mm256_set1_epi64x(static_cast<long long>(base + t)),
                                              _mm256_setr_epi64x(0, 1, 2, 3));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(counter + nd), first4);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(counter + nd + 4), _mm256_add_epi64(first4, _mm256_set1_epi64x(4)));
    } else {
      for (std::size_t u = 0; u < run; ++u) counter[nd + u] = base + t + u;
    }
#else
    for (std::size_t u = 0; u < run; ++u) counter[nd + u] = base + t + u;
#endif
    nd += run;
    left -= run;
    t += run;
    if (t == per_key) t = 0, ++i;
    if (nd == kBatch) flush();
  }
  flush();
}
}  // namespace

void StandardNormals(std::uint64_t seed, Stream stream, std::uint64_t a, std::uint64_t first_block, std::span<float> out) {
  const std::size_t blocks = (out.size() + 1) / 2;
  alignas(64) std::uint64_t counter[kBatch];
  alignas(64) float q[2][kBatch];
  for (std::size_t b0 = 0; b0 < blocks; b0 += kBatch) {
    const std::size_t nb = std::min(kBatch, blocks - b0);
    for (std::size_t j = 0; j < nb; ++j) counter[j] = first_block + b0 + j;
    Normals(seed, stream, a, counter, nb, 1, q);
    for (std::size_t j = 0; j < nb; ++j) {
      const std::size_t i = 2 * (b0 + j);
      out[i] = q[0][j];
      if (i + 1 < out.size()) out[i + 1] = q[1][j];
    }
  }
}

void StandardNormalRows(std::uint64_t seed, Stream stream, std::uint64_t a, std::span<const std::int64_t> row_keys,
                        float* out, std::size_t width, std::size_t stride) {
  const std::size_t blocks = (width + 3) / 4, per_batch = std::max<std::size_t>(1, kBatch / blocks);
  alignas(64) std::uint64_t counter[kBatch];
  alignas(64) float q[4][kBatch];
  for (std::size_t r0 = 0; r0 < row_keys.size();) {
    // Rows wider than a batch go a part at a time; otherwise as many whole rows as fit.
    const std::size_t nr = blocks > kBatch ? 1 : std::min(per_batch, row_keys.size() - r0);
    for (std::size_t j0 = 0; j0 < blocks; j0 += kBatch) {
      const std::size_t nb = std::min(blocks - j0, kBatch);
      for (std::size_t r = 0; r < nr; ++r)
        for (std::size_t j = 0; j < nb; ++j)
          counter[r * nb + j] = static_cast<std::uint64_t>(row_keys[r0 + r]) * blocks + j0 + j;
      Normals(seed, stream, a, counter, nr * nb, 2, q);
      for (std::size_t r = 0; r < nr; ++r) {
        float* row = out + (r0 + r) * stride;
        std::size_t j = 0;
#ifdef __AVX2__
        // Four blocks' normals at a time: a 4 x 4 transpose of q[0..3][k..k+4) into 16 consecutive floats (the
        // scalar loop below took a third of ε's time at width 16).
        for (const std::size_t k0 = r * nb; j + 4 <= nb && 4 * (j0 + j + 4) <= width; j += 4) {
          __m128 c0 = _mm_loadu_ps(q[0] + k0 + j), c1 = _mm_loadu_ps(q[1] + k0 + j);
          __m128 c2 = _mm_loadu_ps(q[2] + k0 + j), c3 = _mm_loadu_ps(q[3] + k0 + j);
          _MM_TRANSPOSE4_PS(c0, c1, c2, c3);
          float* dst = row + 4 * (j0 + j);
          _mm_storeu_ps(dst, c0);
          _mm_storeu_ps(dst + 4, c1);
          _mm_storeu_ps(dst + 8, c2);
          _mm_storeu_ps(dst + 12, c3);
        }
#endif
        for (; j < nb; ++j)
          for (std::size_t t = 0; t < 4 && 4 * (j0 + j) + t < width; ++t) row[4 * (j0 + j) + t] = q[t][r * nb + j];
      }
    }
    r0 += nr;
  }
}

void UniformPairs(std::uint64_t seed, Stream stream, std::uint64_t epoch, std::span<const std::uint64_t> keys,
                  std::uint64_t per_key, std::uint64_t n, std::span<std::int64_t> a, std::span<std::int64_t> b) {
  VGAE_CHECK(a.size() == keys.size() * per_key);
  UniformPairs(seed, stream, epoch, keys, per_key, n, 0, a, b);
}

void UniformPairs(std::uint64_t seed, Stream stream, std::uint64_t epoch, std::span<const std::uint64_t> keys,
                  std::uint64_t per_key, std::uint64_t n, std::uint64_t first, std::span<std::int64_t> a,
                  std::span<std::int64_t> b) {
  UniformPairsInto(seed, stream, epoch, keys, per_key, n, first, a, b);
}

void UniformPairs(std::uint64_t seed, Stream stream, std::uint64_t epoch, std::span<const std::uint64_t> keys,
                  std::uint64_t per_key, std::uint64_t n, std::uint64_t first, std::span<std::int32_t> a,
                  std::span<std::int32_t> b) {
  UniformPairsInto(seed, stream, epoch, keys, per_key, n, first, a, b);
}

}  // namespace vgae::core
