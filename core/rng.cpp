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

void StandardNormals(std::uint64_t seed, Stream stream, std::uint64_t a, std::uint64_t first_block, std::span<float> out) {
  constexpr std::size_t kBatch = 64;  // blocks per batch: plain loops over stack arrays, which vectorise
  const std::size_t blocks = (out.size() + 1) / 2;
  alignas(64) float c[kBatch], s[kBatch];
  for (std::size_t b0 = 0; b0 < blocks; b0 += kBatch) {
    const std::size_t nb = std::min(kBatch, blocks - b0);
    for (std::size_t j = 0; j < nb; ++j) {
      const auto w = Philox(seed, stream, a, first_block + b0 + j);
      const float u = static_cast<float>((w[0] >> 8) + 1u) * (1.0f / 16777216.0f);
      const float theta = static_cast<float>(w[2] >> 8) * (2.0f * std::numbers::pi_v<float> / 16777216.0f);
      const float r = std::sqrt(-2.0f * FastLog(u));
      float sn, cs;
      FastSinCos(theta, sn, cs);
      c[j] = r * cs;
      s[j] = r * sn;
    }
    for (std::size_t j = 0; j < nb; ++j) {
      const std::size_t i = 2 * (b0 + j);
      out[i] = c[j];
      if (i + 1 < out.size()) out[i + 1] = s[j];
    }
  }
}

void UniformPairs(std::uint64_t seed, Stream stream, std::uint64_t epoch, std::span<const std::uint64_t> keys,
                  std::uint64_t per_key, std::uint64_t n, std::span<std::int64_t> a, std::span<std::int64_t> b) {
  constexpr std::size_t kBatch = 64;
  const std::size_t total = keys.size() * per_key;
  alignas(64) std::uint32_t w0[kBatch], w1[kBatch], w2[kBatch], w3[kBatch];
  for (std::size_t d0 = 0; d0 < total; d0 += kBatch) {
    const std::size_t nd = std::min(kBatch, total - d0);
    for (std::size_t j = 0; j < nd; ++j) {
      const std::size_t draw = d0 + j, key = draw / per_key, t = draw - key * per_key;
      const auto w = Philox(seed, stream, epoch, keys[key] * per_key + t);
      w0[j] = w[0], w1[j] = w[1], w2[j] = w[2], w3[j] = w[3];
    }
    for (std::size_t j = 0; j < nd; ++j) {
      a[d0 + j] = static_cast<std::int64_t>(UniformBelow(w0[j], w1[j], n));
      b[d0 + j] = static_cast<std::int64_t>(UniformBelow(w2[j], w3[j], n));
    }
  }
}

}  // namespace vgae::core
