// Philox4x32-10 with the constants of Random123 (inline in rng.h); the key is the seed mixed with the stream tag.
#include "core/rng.h"

#ifdef __AVX512F__
#include <immintrin.h>
#endif

#include <cmath>
#include <algorithm>
#include <numbers>

#include "core/fast_math.h"

namespace vgae::core {

float UniformFloat(std::uint32_t bits) { return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f); }

double UniformDouble(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t v = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 11;
  return static_cast<double>(v) * (1.0 / 9007199254740992.0);
}

void PhiloxBatch(std::uint64_t seed, Stream stream, std::uint64_t a, const std::uint64_t* counter, std::size_t n,
                 std::uint32_t* w0, std::uint32_t* w1, std::uint32_t* w2, std::uint32_t* w3) {
  std::size_t j = 0;
#ifdef __AVX512F__
  // Lane l holds block j + l; a 32x32->64 multiply (vpmuludq) covers the even lanes, a second one the odd lanes
  // shifted down, and two blends give the high and low words.
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(0xD2511F53u)), m1 = _mm512_set1_epi32(static_cast<int>(0xCD9E8D57u));
  const auto k0_init = static_cast<std::uint32_t>(seed);
  const auto k1_init = static_cast<std::uint32_t>(seed >> 32) ^ (static_cast<std::uint32_t>(stream) * 0x85EBCA6Bu);
  constexpr __mmask16 kOdd = 0xAAAA;
  auto mul_hi_lo = [&](__m512i c, __m512i m, __m512i& hi, __m512i& lo) {
    const __m512i even = _mm512_mul_epu32(c, m), odd = _mm512_mul_epu32(_mm512_srli_epi64(c, 32), m);
    hi = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(even, 32), odd);
    lo = _mm512_mask_blend_epi32(kOdd, even, _mm512_slli_epi64(odd, 32));
  };
  for (; j + 16 <= n; j += 16) {
    const __m512i lo8 = _mm512_loadu_si512(counter + j), hi8 = _mm512_loadu_si512(counter + j + 8);
    __m512i c0 = _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(a)));
    __m512i c1 = _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(a >> 32)));
    __m512i c2 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi64_epi32(lo8)), _mm512_cvtepi64_epi32(hi8), 1);
    __m512i c3 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi64_epi32(_mm512_srli_epi64(lo8, 32))),
                                    _mm512_cvtepi64_epi32(_mm512_srli_epi64(hi8, 32)), 1);
    std::uint32_t k0 = k0_init, k1 = k1_init;
    for (int round = 0; round < 10; ++round) {
      __m512i hi0, lo0, hi1, lo1;
      mul_hi_lo(c0, m0, hi0, lo0);
      mul_hi_lo(c2, m1, hi1, lo1);
      c0 = _mm512_xor_si512(_mm512_xor_si512(hi1, c1), _mm512_set1_epi32(static_cast<int>(k0)));
      c2 = _mm512_xor_si512(_mm512_xor_si512(hi0, c3), _mm512_set1_epi32(static_cast<int>(k1)));
      c1 = lo1;
      c3 = lo0;
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    _mm512_storeu_si512(w0 + j, c0);
    _mm512_storeu_si512(w1 + j, c1);
    _mm512_storeu_si512(w2 + j, c2);
    _mm512_storeu_si512(w3 + j, c3);
  }
#endif
  for (; j < n; ++j) {
    const auto w = Philox(seed, stream, a, counter[j]);
    w0[j] = w[0], w1[j] = w[1], w2[j] = w[2], w3[j] = w[3];
  }
}

namespace {
constexpr std::size_t kBatch = 256;  // draws per batch: plain loops over stack arrays, which vectorise

// c/s[j] = the Box-Muller pair of Philox(seed, stream, a, counter[j]).
void NormalPairs(std::uint64_t seed, Stream stream, std::uint64_t a, const std::uint64_t* counter, std::size_t n,
                 float* c, float* s) {
  alignas(64) std::uint32_t w0[kBatch], w1[kBatch], w2[kBatch], w3[kBatch];
  PhiloxBatch(seed, stream, a, counter, n, w0, w1, w2, w3);
  for (std::size_t j = 0; j < n; ++j) {
    const float u = static_cast<float>((w0[j] >> 8) + 1u) * (1.0f / 16777216.0f);
    const float theta = static_cast<float>(w2[j] >> 8) * (2.0f * std::numbers::pi_v<float> / 16777216.0f);
    const float r = std::sqrt(-2.0f * FastLog(u));
    float sn, cs;
    FastSinCos(theta, sn, cs);
    c[j] = r * cs;
    s[j] = r * sn;
  }
}
}  // namespace

void StandardNormals(std::uint64_t seed, Stream stream, std::uint64_t a, std::uint64_t first_block, std::span<float> out) {
  const std::size_t blocks = (out.size() + 1) / 2;
  alignas(64) std::uint64_t counter[kBatch];
  alignas(64) float c[kBatch], s[kBatch];
  for (std::size_t b0 = 0; b0 < blocks; b0 += kBatch) {
    const std::size_t nb = std::min(kBatch, blocks - b0);
    for (std::size_t j = 0; j < nb; ++j) counter[j] = first_block + b0 + j;
    NormalPairs(seed, stream, a, counter, nb, c, s);
    for (std::size_t j = 0; j < nb; ++j) {
      const std::size_t i = 2 * (b0 + j);
      out[i] = c[j];
      if (i + 1 < out.size()) out[i + 1] = s[j];
    }
  }
}

void StandardNormalRows(std::uint64_t seed, Stream stream, std::uint64_t a, std::span<const std::int64_t> row_keys,
                        float* out, std::size_t width, std::size_t stride) {
  const std::size_t blocks = (width + 1) / 2, per_batch = std::max<std::size_t>(1, kBatch / blocks);
  alignas(64) std::uint64_t counter[kBatch];
  alignas(64) float c[kBatch], s[kBatch];
  if (blocks > kBatch) {  // very wide rows: one row at a time
    for (std::size_t r = 0; r < row_keys.size(); ++r)
      StandardNormals(seed, stream, a, static_cast<std::uint64_t>(row_keys[r]) * blocks,
                      std::span<float>(out + r * stride, width));
    return;
  }
  for (std::size_t r0 = 0; r0 < row_keys.size(); r0 += per_batch) {
    const std::size_t nr = std::min(per_batch, row_keys.size() - r0);
    for (std::size_t r = 0; r < nr; ++r)
      for (std::size_t j = 0; j < blocks; ++j)
        counter[r * blocks + j] = static_cast<std::uint64_t>(row_keys[r0 + r]) * blocks + j;
    NormalPairs(seed, stream, a, counter, nr * blocks, c, s);
    for (std::size_t r = 0; r < nr; ++r) {
      float* row = out + (r0 + r) * stride;
      for (std::size_t j = 0; j < blocks; ++j) {
        row[2 * j] = c[r * blocks + j];
        if (2 * j + 1 < width) row[2 * j + 1] = s[r * blocks + j];
      }
    }
  }
}

void UniformPairs(std::uint64_t seed, Stream stream, std::uint64_t epoch, std::span<const std::uint64_t> keys,
                  std::uint64_t per_key, std::uint64_t n, std::span<std::int64_t> a, std::span<std::int64_t> b) {
  // Draws are numbered key by key, so a batch of counters always covers a contiguous range of the outputs.
  alignas(64) std::uint64_t counter[kBatch];
  alignas(64) std::uint32_t w0[kBatch], w1[kBatch], w2[kBatch], w3[kBatch];
  std::size_t first = 0, nd = 0;
  auto flush = [&] {
    PhiloxBatch(seed, stream, epoch, counter, nd, w0, w1, w2, w3);
    if (n <= 0xFFFFFFFFu) {
      // UniformBelow in 64-bit arithmetic, which vectorises: for n < 2^32, ⌊x·n / 2^64⌋ with x = hi·2^32 + lo is
      // ⌊(hi·n + ⌊lo·n / 2^32⌋) / 2^32⌋ exactly, and the sum stays below 2^64.
      const std::uint64_t n32 = n;
      for (std::size_t j = 0; j < nd; ++j) {
        a[first + j] = static_cast<std::int64_t>((w0[j] * n32 + ((w1[j] * n32) >> 32)) >> 32);
        b[first + j] = static_cast<std::int64_t>((w2[j] * n32 + ((w3[j] * n32) >> 32)) >> 32);
      }
    } else {
      for (std::size_t j = 0; j < nd; ++j) {
        a[first + j] = static_cast<std::int64_t>(UniformBelow(w0[j], w1[j], n));
        b[first + j] = static_cast<std::int64_t>(UniformBelow(w2[j], w3[j], n));
      }
    }
    first += nd;
    nd = 0;
  };
  for (const std::uint64_t key : keys)
    for (std::uint64_t t = 0; t < per_key; ++t) {
      counter[nd++] = key * per_key + t;
      if (nd == kBatch) flush();
    }
  flush();
}

}  // namespace vgae::core
