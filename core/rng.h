// Counter-based randomness (Philox4x32-10, Salmon et al., SC'11). Every random number is a pure function of
// (seed, stream, a, b): no generator state travels between ranks or epochs, so a draw keyed by global ids is the
// same whichever rank makes it and however many ranks there are, and a resumed run continues the same sequence.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace vgae::core {

// What a draw is for; part of the key so streams never collide.
enum class Stream : std::uint32_t {
  kInit = 1,      // a = layer, b = flat weight index
  kEpsilon = 2,   // a = epoch, b = global node id * ceil(latent / 2) + dim / 2
  kNegative = 3,  // a = epoch, b = global positive-edge key * neg_ratio + k
  kSplit = 4,     // a = purpose (1: negative candidates), b = draw counter
  kGenEdges = 5,     // gen: a = node id, b = 0 (edge count rounding) or 1 + draw index
  kGenFeature = 6,   // gen: a = node id, b = feature dim / 2 (noise)
  kGenCentroid = 7,  // gen: a = community, b = feature dim / 2
  kSplitEdge = 8,    // split: the key of edge (a, b), a < b
};

// Philox4x32-10's constants (Random123) and this library's key: the seed mixed with the stream tag. Shared by
// Philox below and the vectorised PhiloxBatch.
namespace philox {
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u, kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
inline std::array<std::uint32_t, 2> Key(std::uint64_t seed, Stream stream) {
  return {static_cast<std::uint32_t>(seed),
          static_cast<std::uint32_t>(seed >> 32) ^ (static_cast<std::uint32_t>(stream) * 0x85EBCA6Bu)};
}
}  // namespace philox

// Inline so that batch loops over counters vectorise (the 32x32->64 multiplies map to vpmuludq).
inline std::array<std::uint32_t, 4> Philox(std::uint64_t seed, Stream stream, std::uint64_t a, std::uint64_t b) {
  using philox::kM0, philox::kM1, philox::kW0, philox::kW1;
  std::uint32_t c0 = static_cast<std::uint32_t>(a), c1 = static_cast<std::uint32_t>(a >> 32);
  std::uint32_t c2 = static_cast<std::uint32_t>(b), c3 = static_cast<std::uint32_t>(b >> 32);
  auto [k0, k1] = philox::Key(seed, stream);
#pragma GCC unroll 10
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(kM0) * c0, p1 = static_cast<std::uint64_t>(kM1) * c2;
    const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ k0;
    const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3 ^ k1;
    c0 = n0;
    c1 = static_cast<std::uint32_t>(p1);
    c2 = n2;
    c3 = static_cast<std::uint32_t>(p0);
    k0 += kW0;
    k1 += kW1;
  }
  return {c0, c1, c2, c3};
}

// Philox(seed, stream, a, counter[j]) for j < n, word i into w_i[j]: 32 and then 8 blocks per AVX-512 pass where
// the build has AVX-512, else 8 per AVX2 pass, the loop over Philox for the rest (the same words either way).
void PhiloxBatch(std::uint64_t seed, Stream stream, std::uint64_t a, const std::uint64_t* counter, std::size_t n,
                 std::uint32_t* w0, std::uint32_t* w1, std::uint32_t* w2, std::uint32_t* w3);

// Uniform in [0, 1) with 24 random bits (exactly representable as float).
float UniformFloat(std::uint32_t bits);
// Uniform double in [0, 1) from 53 random bits.
double UniformDouble(std::uint32_t hi, std::uint32_t lo);
// Standard normals in float by Box-Muller, two per Philox block: out[2j], out[2j + 1] = r cos θ, r sin θ of block
// (seed, stream, a, first_block + j), with u = (24 random bits of word 0 + 1)/2^24 in (0, 1] for the radius
// (so |x| <= 5.77: the tail beyond has probability 8e-9) and 24 bits of word 2 for the angle. An odd-length
// out drops the last block's sine. Vectorised (Eigen's float log/sqrt/sin/cos).
void StandardNormals(std::uint64_t seed, Stream stream, std::uint64_t a, std::uint64_t first_block, std::span<float> out);
// Uniform integer in [0, n) from 64 random bits (multiply-shift; bias below 2^-32 for n < 2^32).
inline std::uint64_t UniformBelow(std::uint32_t hi, std::uint32_t lo, std::uint64_t n) {
  __extension__ using U128 = unsigned __int128;  // the 64x64->128 multiply (one mul instruction)
  const U128 x = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return static_cast<std::uint64_t>((x * n) >> 64);
}

// Normals for many rows at once (one vectorised batch across rows): row r of `out` (width floats, rows `stride`
// apart) takes four normals from each block row_keys[r]·ceil(width/4) + j: the Box-Muller pair of Philox words 0
// and 2 as StandardNormals, then the pair of words 1 and 3, so one Philox call serves four normals, not two.
void StandardNormalRows(std::uint64_t seed, Stream stream, std::uint64_t a, std::span<const std::int64_t> row_keys,
                        float* out, std::size_t width, std::size_t stride);

// Uniform pairs (a, b) in [0, n)², draw t of key: Philox(seed, stream, epoch, key·per_key + t) with a from words
// 0-1 and b from words 2-3 (UniformBelow). Fills a/b[i·per_key + t] for every key i: the negatives of the sampled
// loss, a pure function of (seed, epoch, key) whoever draws them. Philox runs vectorised over a batch.
void UniformPairs(std::uint64_t seed, Stream stream, std::uint64_t epoch, std::span<const std::uint64_t> keys,
                  std::uint64_t per_key, std::uint64_t n, std::span<std::int64_t> a, std::span<std::int64_t> b);
// A slice of the same list: a/b[j] = pair first + j of the keys.size()·per_key pairs above (so a list can be drawn
// a block at a time, by several threads, without ever being held whole).
void UniformPairs(std::uint64_t seed, Stream stream, std::uint64_t epoch, std::span<const std::uint64_t> keys,
                  std::uint64_t per_key, std::uint64_t n, std::uint64_t first, std::span<std::int64_t> a,
                  std::span<std::int64_t> b);
// The same slice as 32-bit ids (n - 1 must fit): one rank's table rows are its node ids, so it can draw them there.
void UniformPairs(std::uint64_t seed, Stream stream, std::uint64_t epoch, std::span<const std::uint64_t> keys,
                  std::uint64_t per_key, std::uint64_t n, std::uint64_t first, std::span<std::int32_t> a,
                  std::span<std::int32_t> b);

}  // namespace vgae::core
