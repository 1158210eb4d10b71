// Counter-based randomness (Philox4x32-10, Salmon et al., SC'11). Every random number is a pure function of
// (seed, stream, a, b): no generator state travels between ranks or epochs, so a draw keyed by global ids is the
// same whichever rank makes it and however many ranks there are, and a resumed run continues the same sequence.
#pragma once

#include <array>
#include <cstdint>

namespace vgae::core {

// What a draw is for; part of the key so streams never collide.
enum class Stream : std::uint32_t {
  kInit = 1,      // a = layer, b = flat weight index
  kEpsilon = 2,   // a = epoch, b = global node id * ceil(latent / 2) + dim / 2
  kNegative = 3,  // a = epoch, b = global positive-edge key * neg_ratio + k
  kSplit = 4,     // a = purpose, b = draw counter
  kGenEdges = 5,     // gen: a = node id, b = 0 (edge count rounding) or 1 + draw index
  kGenFeature = 6,   // gen: a = node id, b = feature dim / 2 (noise)
  kGenCentroid = 7,  // gen: a = community, b = feature dim / 2
};

std::array<std::uint32_t, 4> Philox(std::uint64_t seed, Stream stream, std::uint64_t a, std::uint64_t b);

// Uniform in [0, 1) with 24 random bits (exactly representable as float).
float UniformFloat(std::uint32_t bits);
// Uniform double in [0, 1) from 53 random bits.
double UniformDouble(std::uint32_t hi, std::uint32_t lo);
// Standard normal via Box-Muller on one Philox block (radius from words 0-1, angle from words 2-3).
float StandardNormal(const std::array<std::uint32_t, 4>& words);
// Both Box-Muller outputs of one block (r cos θ, r sin θ): two independent standard normals.
std::array<float, 2> StandardNormalPair(const std::array<std::uint32_t, 4>& words);
// Uniform integer in [0, n) from 64 random bits (multiply-shift; bias below 2^-32 for n < 2^32).
std::uint64_t UniformBelow(std::uint32_t hi, std::uint32_t lo, std::uint64_t n);

}  // namespace vgae::core
