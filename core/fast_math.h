// Branch-free float log, exp and sin/cos for loops the compiler vectorises (libm's scalar calls do not).
// Accuracy: a few ulp (relative error below 3e-7) over the ranges stated; used for the Box-Muller noise, where
// the reference uses libm, and tested against it in tests/core/fast_math_test.cpp.
#pragma once

#include <bit>
#include <cstdint>

namespace vgae::core {

// Natural log of a positive normal float: x = m·2^e with m in [√½, √2), log m = 2 atanh(s), s = (m-1)/(m+1).
inline float FastLog(float x) {
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
  // The exponent k that puts m = x / 2^k in [√½, √2): subtract √½'s bit pattern, keep the (signed) exponent.
  const std::int32_t k = static_cast<std::int32_t>(bits - 0x3F3504F3u) >> 23;
  const float m = std::bit_cast<float>(bits - (static_cast<std::uint32_t>(k) << 23));
  const float s = (m - 1.0f) / (m + 1.0f), s2 = s * s;
  const float poly = 1.0f + s2 * (1.0f / 3 + s2 * (1.0f / 5 + s2 * (1.0f / 7 + s2 * (1.0f / 9))));
  return static_cast<float>(k) * 0.69314718055994531f + 2.0f * s * poly;
}

// sin and cos of θ in [0, 2π]: quadrant q = round(θ / (π/2)), r = θ - q·π/2 in [-π/4, π/4], short Taylor
// polynomials on r, then the quadrant's rotation.
inline void FastSinCos(float theta, float& sin_out, float& cos_out) {
  constexpr float kTwoOverPi = 0.63661977236758134f, kPiOver2Hi = 1.5707963705062866f,
                  kPiOver2Lo = -4.3711388286737929e-8f;
  const float qf = static_cast<float>(static_cast<std::int32_t>(theta * kTwoOverPi + 0.5f));
  const float r = (theta - qf * kPiOver2Hi) - qf * kPiOver2Lo;
  const float r2 = r * r;
  const float s = r * (1.0f + r2 * (-1.0f / 6 + r2 * (1.0f / 120 + r2 * (-1.0f / 5040 + r2 * (1.0f / 362880)))));
  const float c = 1.0f + r2 * (-0.5f + r2 * (1.0f / 24 + r2 * (-1.0f / 720 + r2 * (1.0f / 40320))));
  const std::int32_t q = static_cast<std::int32_t>(qf) & 3;
  // q = 0: (s, c); 1: (c, -s); 2: (-s, -c); 3: (-c, s).
  const float sin_base = (q & 1) ? c : s, cos_base = (q & 1) ? s : c;
  sin_out = (q & 2) ? -sin_base : sin_base;
  cos_out = ((q + 1) & 2) ? -cos_base : cos_base;
}

// e^x for x in [-87, 88] (below: 0 within float's range; above: clamped to e^88): x = k·ln2 + r, |r| <= ln2/2,
// e^r by a degree-6 Taylor polynomial, 2^k by building the exponent bits.
inline float FastExp(float x) {
  constexpr float kLog2e = 1.44269504088896341f, kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f;
  x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
  const float kf = static_cast<float>(static_cast<std::int32_t>(x * kLog2e + (x >= 0 ? 0.5f : -0.5f)));
  const float r = (x - kf * kLn2Hi) - kf * kLn2Lo;
  const float p =
      1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24 + r * (1.0f / 120 + r * (1.0f / 720))))));
  const std::uint32_t scale = static_cast<std::uint32_t>(static_cast<std::int32_t>(kf) + 127) << 23;
  return p * std::bit_cast<float>(scale);
}

}  // namespace vgae::core
