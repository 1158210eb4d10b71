// Philox4x32-10 with the constants of Random123; the key is the seed mixed with the stream tag.
#include "core/rng.h"

#include <cmath>
#include <numbers>

namespace vgae::core {
namespace {
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

inline void MulHiLo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
  const std::uint64_t p = static_cast<std::uint64_t>(a) * b;
  hi = static_cast<std::uint32_t>(p >> 32);
  lo = static_cast<std::uint32_t>(p);
}
}  // namespace

std::array<std::uint32_t, 4> Philox(std::uint64_t seed, Stream stream, std::uint64_t a, std::uint64_t b) {
  std::uint32_t c0 = static_cast<std::uint32_t>(a), c1 = static_cast<std::uint32_t>(a >> 32);
  std::uint32_t c2 = static_cast<std::uint32_t>(b), c3 = static_cast<std::uint32_t>(b >> 32);
  std::uint32_t k0 = static_cast<std::uint32_t>(seed);
  std::uint32_t k1 = static_cast<std::uint32_t>(seed >> 32) ^ (static_cast<std::uint32_t>(stream) * 0x85EBCA6Bu);
  for (int round = 0; round < 10; ++round) {
    std::uint32_t hi0, lo0, hi1, lo1;
    MulHiLo(kM0, c0, hi0, lo0);
    MulHiLo(kM1, c2, hi1, lo1);
    const std::uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 += kW0;
    k1 += kW1;
  }
  return {c0, c1, c2, c3};
}

float UniformFloat(std::uint32_t bits) { return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f); }

double UniformDouble(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t v = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 11;
  return static_cast<double>(v) * (1.0 / 9007199254740992.0);
}

std::array<float, 2> StandardNormalPair(const std::array<std::uint32_t, 4>& words) {
  const double r = std::sqrt(-2.0 * std::log(1.0 - UniformDouble(words[0], words[1])));
  const double theta = 2.0 * std::numbers::pi * UniformDouble(words[2], words[3]);
  return {static_cast<float>(r * std::cos(theta)), static_cast<float>(r * std::sin(theta))};
}

float StandardNormal(const std::array<std::uint32_t, 4>& words) {
  // 1 - U keeps the log argument in (0, 1].
  const double r = std::sqrt(-2.0 * std::log(1.0 - UniformDouble(words[0], words[1])));
  const double theta = 2.0 * std::numbers::pi * UniformDouble(words[2], words[3]);
  return static_cast<float>(r * std::cos(theta));
}

std::uint64_t UniformBelow(std::uint32_t hi, std::uint32_t lo, std::uint64_t n) {
  const unsigned __int128 x = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return static_cast<std::uint64_t>((x * n) >> 64);
}

}  // namespace vgae::core
