// Philox4x32-10 with the constants of Random123 (inline in rng.h); the key is the seed mixed with the stream tag.
#include "core/rng.h"

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

namespace {
constexpr std::size_t kBatch = 256;  // draws per batch: plain loops over stack arrays, which vectorise

// c/s[j] = the Box-Muller pair of Philox(seed, stream, a, counter[j]).
void NormalPairs(std::uint64_t seed, Stream stream, std::uint64_t a, const std::uint64_t* counter, std::size_t n,
                 float* c, float* s) {
  for (std::size_t j = 0; j < n; ++j) {
    const auto w = Philox(seed, stream, a, counter[j]);
    const float u = static_cast<float>((w[0] >> 8) + 1u) * (1.0f / 16777216.0f);
    const float theta = static_cast<float>(w[2] >> 8) * (2.0f * std::numbers::pi_v<float> / 16777216.0f);
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
    for (std::size_t j = 0; j < nd; ++j) {  // vectorised Philox
      const auto w = Philox(seed, stream, epoch, counter[j]);
      w0[j] = w[0], w1[j] = w[1], w2[j] = w[2], w3[j] = w[3];
    }
    for (std::size_t j = 0; j < nd; ++j) {
      a[first + j] = static_cast<std::int64_t>(UniformBelow(w0[j], w1[j], n));
      b[first + j] = static_cast<std::int64_t>(UniformBelow(w2[j], w3[j], n));
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
