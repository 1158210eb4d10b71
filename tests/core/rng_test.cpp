// Counter-based randomness: Philox4x32-10 against Random123's known-answer vectors and as a pure function of
// every key field; the distributions built on it (statistical bounds set at 5 standard errors, so a correct
// generator fails about once in 10^6 runs and these seeds are fixed anyway); and the draws keyed by it
// (GlorotInit, SampleEpsilon), which must not depend on which rank or in what order they are made.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <utility>
#include <vector>

#include "core/encoder.h"
#include "core/fast_math.h"
#include "core/rng.h"

namespace vgae::core {
namespace {

using Words = std::array<std::uint32_t, 4>;

// The key is (low 32 bits of seed, high 32 bits of seed ^ stream * 0x85EBCA6B); choose the seed that gives the
// Random123 key for a stream, so the known answers apply.
std::uint64_t SeedForKey(std::uint32_t k0, std::uint32_t k1, Stream stream) {
  const std::uint32_t hi = k1 ^ (static_cast<std::uint32_t>(stream) * 0x85EBCA6Bu);
  return (static_cast<std::uint64_t>(hi) << 32) | k0;
}

// Random123 kat_vectors, "philox4x32 10 CTR[4] KEY[2] EXPECTED[4]"; counter words are (a lo, a hi, b lo, b hi).
TEST(Philox, MatchesRandom123KnownAnswers) {
  struct Kat {
    std::uint64_t a, b;
    std::uint32_t k0, k1;
    Words expected;
  };
  const Kat kats[] = {
      {0, 0, 0, 0, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
      {~0ull, ~0ull, ~0u, ~0u, {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
      {0x85a308d3243f6a88ull, 0x0370734413198a2eull, 0xa4093822u, 0x299f31d0u,
       {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
  };
  for (const auto& k : kats)
    for (Stream s : {Stream::kInit, Stream::kSplit})
      EXPECT_EQ(Philox(SeedForKey(k.k0, k.k1, s), s, k.a, k.b), k.expected);
}

TEST(Philox, SameInputsSameWordsAnyChangedInputDifferentWords) {
  const std::uint64_t seed = 0x0123456789abcdefull, a = 0x1111222233334444ull, b = 0x5555666677778888ull;
  const Words base = Philox(seed, Stream::kEpsilon, a, b);
  EXPECT_EQ(Philox(seed, Stream::kEpsilon, a, b), base);
  for (int bit : {0, 31, 32, 63}) {
    const std::uint64_t flip = 1ull << bit;
    EXPECT_NE(Philox(seed ^ flip, Stream::kEpsilon, a, b), base) << "seed bit " << bit;
    EXPECT_NE(Philox(seed, Stream::kEpsilon, a ^ flip, b), base) << "a bit " << bit;
    EXPECT_NE(Philox(seed, Stream::kEpsilon, a, b ^ flip), base) << "b bit " << bit;
  }
  for (Stream s : {Stream::kInit, Stream::kNegative, Stream::kSplit}) EXPECT_NE(Philox(seed, s, a, b), base);
  // a and b are not interchangeable.
  EXPECT_NE(Philox(seed, Stream::kEpsilon, b, a), base);
}

// The batched Philox (32 and 8 blocks per AVX-512 pass where the build has it) gives Philox's words for every
// block: counters with all 64 bits in play, a batch length that leaves a scalar tail, the known-answer keys.
// 61 blocks: AVX-512 builds run one 32-block pass, three 8-block passes and five scalar blocks; AVX2-only builds
// three double 8-lane passes, one single and five scalar blocks.
TEST(Philox, BatchMatchesOneBlockAtATime) {
  std::vector<std::uint64_t> counter(61);
  for (std::size_t j = 0; j < counter.size(); ++j) counter[j] = 0x9E3779B97F4A7C15ull * (j + 1) ^ (j << 40);
  counter[5] = ~0ull;
  counter[6] = 0;
  for (const std::uint64_t seed : {0x0ull, ~0x0ull, 0x0123456789abcdefull})
    for (const std::uint64_t a : {0x0ull, 199ull, 0x85a308d3243f6a88ull}) {
      std::vector<std::uint32_t> w0(counter.size()), w1(w0), w2(w0), w3(w0);
      PhiloxBatch(seed, Stream::kNegative, a, counter.data(), counter.size(), w0.data(), w1.data(), w2.data(),
                  w3.data());
      for (std::size_t j = 0; j < counter.size(); ++j)
        EXPECT_EQ((Words{w0[j], w1[j], w2[j], w3[j]}), Philox(seed, Stream::kNegative, a, counter[j]))
            << "block " << j;
    }
}

// UniformPairs takes a 64-bit arithmetic path for n < 2^32: it must equal UniformBelow's 128-bit product, at the
// edges of n too.
TEST(UniformPairs, EqualUniformBelowOfTheBlocksWordsForSmallAndLargeN) {
  const std::vector<std::uint64_t> keys = {0, 1, 7, 123456789, ~0ull >> 4};
  const std::uint64_t per_key = 5, seed = 42, epoch = 3;
  for (const std::uint64_t n : {std::uint64_t{1}, std::uint64_t{2708}, std::uint64_t{0xFFFFFFFFu},
                                std::uint64_t{0x100000000ull}, std::uint64_t{1} << 40}) {
    std::vector<std::int64_t> a(keys.size() * per_key), b(a.size());
    UniformPairs(seed, Stream::kNegative, epoch, keys, per_key, n, a, b);
    for (std::size_t i = 0; i < keys.size(); ++i)
      for (std::uint64_t t = 0; t < per_key; ++t) {
        const auto w = Philox(seed, Stream::kNegative, epoch, keys[i] * per_key + t);
        const auto at = i * per_key + t;
        EXPECT_EQ(static_cast<std::uint64_t>(a[at]), UniformBelow(w[0], w[1], n)) << "n " << n << " pair " << at;
        EXPECT_EQ(static_cast<std::uint64_t>(b[at]), UniformBelow(w[2], w[3], n)) << "n " << n << " pair " << at;
      }
  }
}

// Any slice [first, first + len) of the list equals the same entries of the whole list, across key boundaries
// and batch boundaries alike (the trainer draws its negatives a block at a time, on several threads).
TEST(UniformPairs, SliceEqualsTheSameEntriesOfTheWholeList) {
  std::vector<std::uint64_t> keys(300);
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = 3 * i * i + 17;
  const std::uint64_t per_key = 7, n = 19717;
  std::vector<std::int64_t> a(keys.size() * per_key), b(a.size());
  UniformPairs(5, Stream::kNegative, 2, keys, per_key, n, a, b);
  // The whole list against the words of its blocks: 2,100 draws cross the batches of 256 in the middle of a key.
  for (std::size_t i = 0; i < keys.size(); ++i)
    for (std::uint64_t t = 0; t < per_key; ++t) {
      const auto w = Philox(5, Stream::kNegative, 2, keys[i] * per_key + t);
      ASSERT_EQ(static_cast<std::uint64_t>(a[i * per_key + t]), UniformBelow(w[0], w[1], n)) << "key " << i << " draw " << t;
      ASSERT_EQ(static_cast<std::uint64_t>(b[i * per_key + t]), UniformBelow(w[2], w[3], n)) << "key " << i << " draw " << t;
    }
  for (const auto& [first, len] : {std::pair<std::size_t, std::size_t>{0, 1}, {0, 2100}, {3, 4}, {6, 9}, {500, 1000},
                                   {2099, 1}, {1234, 866}}) {
    std::vector<std::int64_t> sa(len), sb(len);
    UniformPairs(5, Stream::kNegative, 2, keys, per_key, n, first, sa, sb);
    for (std::size_t j = 0; j < len; ++j) {
      ASSERT_EQ(sa[j], a[first + j]) << "slice at " << first << ", entry " << j;
      ASSERT_EQ(sb[j], b[first + j]) << "slice at " << first << ", entry " << j;
    }
  }
  std::vector<std::int64_t> one(1);
  EXPECT_THROW(UniformPairs(5, Stream::kNegative, 2, keys, per_key, n, a.size(), one, one), std::exception);
}

// One rank draws its negatives as 32-bit table rows: the same ids as the 64-bit list, slice by slice, and only
// where every id fits.
TEST(UniformPairs, ThirtyTwoBitSliceEqualsTheSixtyFourBitOne) {
  std::vector<std::uint64_t> keys(300);
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = 5 * i + 1;
  const std::uint64_t per_key = 5;
  for (const std::uint64_t n : {std::uint64_t{19717}, std::uint64_t{1} << 31}) {
    std::vector<std::int64_t> a(keys.size() * per_key), b(a.size());
    UniformPairs(9, Stream::kNegative, 4, keys, per_key, n, a, b);
    for (const auto& [first, len] : {std::pair<std::size_t, std::size_t>{0, 1500}, {7, 300}, {1499, 1}}) {
      std::vector<std::int32_t> sa(len), sb(len);
      UniformPairs(9, Stream::kNegative, 4, keys, per_key, n, first, sa, sb);
      for (std::size_t j = 0; j < len; ++j) {
        ASSERT_EQ(sa[j], a[first + j]) << "n " << n << ", slice at " << first << ", entry " << j;
        ASSERT_EQ(sb[j], b[first + j]) << "n " << n << ", slice at " << first << ", entry " << j;
      }
    }
  }
  std::vector<std::int32_t> one(1);
  EXPECT_THROW(UniformPairs(9, Stream::kNegative, 4, keys, per_key, (std::uint64_t{1} << 31) + 1, 0, one, one),
               std::exception);
}

TEST(UniformFloat, StaysInHalfOpenUnitInterval) {
  EXPECT_EQ(UniformFloat(0u), 0.0f);
  EXPECT_LT(UniformFloat(0xffffffffu), 1.0f);
  EXPECT_EQ(UniformFloat(0xffffffffu), 1.0f - 1.0f / 16777216.0f);
  double sum = 0;
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    const float u = UniformFloat(Philox(1, Stream::kInit, 0, static_cast<std::uint64_t>(i))[0]);
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    sum += u;
  }
  // Mean 1/2, standard error sqrt(1/12 / n).
  EXPECT_NEAR(sum / kDraws, 0.5, 5 * std::sqrt(1.0 / 12.0 / kDraws));
}

TEST(UniformDouble, StaysInHalfOpenUnitInterval) {
  EXPECT_EQ(UniformDouble(0u, 0u), 0.0);
  EXPECT_LT(UniformDouble(0xffffffffu, 0xffffffffu), 1.0);
  EXPECT_GT(UniformDouble(0xffffffffu, 0xffffffffu), 1.0 - 1e-15);
  EXPECT_EQ(UniformDouble(0x80000000u, 0u), 0.5);
}

TEST(StandardNormals, MomentsAndTailMatchUnitGaussian) {
  constexpr int kDraws = 200000;
  std::vector<float> x(kDraws);
  StandardNormals(9, Stream::kEpsilon, 0, 0, x);
  double sum = 0, sum2 = 0, sum4 = 0;
  int beyond2 = 0;
  for (float v : x) {
    ASSERT_TRUE(std::isfinite(v));
    sum += v;
    sum2 += double(v) * v;
    sum4 += double(v) * v * v * v;
    beyond2 += std::abs(v) > 2.0f;
  }
  const double n = kDraws, mean = sum / n, var = sum2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(var, 1.0, 5 * std::sqrt(2.0 / n));
  EXPECT_NEAR(sum4 / n, 3.0, 5 * std::sqrt(96.0 / n));  // kurtosis of a Gaussian; Var(x^4) = 105 - 9
  const double p2 = 0.04550026389635842;  // P(|X| > 2)
  EXPECT_NEAR(beyond2 / n, p2, 5 * std::sqrt(p2 * (1 - p2) / n));
}

// The cosine and sine halves of Box-Muller are uncorrelated (a wrong quadrant rotation would correlate them).
TEST(StandardNormals, PairHalvesAreUncorrelated) {
  constexpr int kPairs = 100000;
  std::vector<float> x(2 * kPairs);
  StandardNormals(3, Stream::kEpsilon, 1, 0, x);
  double cross = 0;
  for (int i = 0; i < kPairs; ++i) cross += double(x[2 * i]) * x[2 * i + 1];
  EXPECT_NEAR(cross / kPairs, 0.0, 5 / std::sqrt(double(kPairs)));
}

// Draws are keyed by block: a span starting at block b equals the tail of a longer span, odd lengths included.
TEST(StandardNormals, BlocksAreIndependentOfTheSpan) {
  std::vector<float> all(301), tail(101);
  StandardNormals(4, Stream::kEpsilon, 2, 10, all);
  StandardNormals(4, Stream::kEpsilon, 2, 110, tail);
  for (int i = 0; i < 101; ++i) EXPECT_EQ(tail[i], all[200 + i]) << i;
}

// StandardNormalRows against its definition: row r, dims 4j..4j+3 are the Box-Muller pairs of words (0, 2) and
// (1, 3) of Philox(seed, stream, a, key_r · ceil(width / 4) + j), with u = ((w >> 8) + 1) / 2^24 and θ = 2π (w >>
// 8) / 2^24. Widths that are and are not multiples of 4 (the transposed store and the scalar one), rows past
// one batch, and a stride wider than the row, whose gap must stay untouched.
TEST(StandardNormalRows, EqualBoxMullerOfTheRowsBlocksAtAnyWidthAndStride) {
  const std::uint64_t seed = 31, a = 4;
  std::vector<std::int64_t> keys(150);
  for (std::size_t r = 0; r < keys.size(); ++r) keys[r] = static_cast<std::int64_t>(r * r + 7 * r + 3);
  const auto box_muller = [](std::uint32_t u_bits, std::uint32_t t_bits) {
    const float u = static_cast<float>((u_bits >> 8) + 1u) * (1.0f / 16777216.0f);
    const float theta = static_cast<float>(t_bits >> 8) * (2.0f * std::numbers::pi_v<float> / 16777216.0f);
    const float radius = std::sqrt(-2.0f * FastLog(u));
    float sn, cs;
    FastSinCos(theta, sn, cs);
    return std::pair<float, float>(radius * cs, radius * sn);
  };
  for (const std::size_t width : {std::size_t{16}, std::size_t{32}, std::size_t{4}, std::size_t{7}, std::size_t{18}})
    for (const std::size_t stride : {width, width + 3}) {
      std::vector<float> out(keys.size() * stride, -99.0f);
      StandardNormalRows(seed, Stream::kEpsilon, a, keys, out.data(), width, stride);
      const std::size_t blocks = (width + 3) / 4;
      for (std::size_t r = 0; r < keys.size(); ++r) {
        for (std::size_t j = 0; j < blocks; ++j) {
          const auto w = Philox(seed, Stream::kEpsilon, a, static_cast<std::uint64_t>(keys[r]) * blocks + j);
          const auto [n0, n1] = box_muller(w[0], w[2]);
          const auto [n2, n3] = box_muller(w[1], w[3]);
          const float expect[4] = {n0, n1, n2, n3};
          for (std::size_t t = 0; t < 4 && 4 * j + t < width; ++t)
            ASSERT_EQ(out[r * stride + 4 * j + t], expect[t]) << "width " << width << " row " << r << " dim " << 4 * j + t;
        }
        for (std::size_t c = width; c < stride; ++c) ASSERT_EQ(out[r * stride + c], -99.0f) << "the gap after row " << r;
      }
    }
}

TEST(FastMath, LogMatchesLibmOverTheUniformRange) {
  float worst = 0;
  for (std::uint32_t w = 0; w < (1u << 24); w += 97) {
    const float u = static_cast<float>(w + 1u) * (1.0f / 16777216.0f);
    worst = std::max(worst, std::abs(FastLog(u) - std::log(u)) / std::max(1e-3f, std::abs(std::log(u))));
  }
  EXPECT_LT(worst, 1e-6f);
}

TEST(FastMath, ExpMatchesLibmOverTheLogStdRange) {
  float worst = 0;
  for (int i = 0; i <= 200000; ++i) {
    const float x = -80.0f + static_cast<float>(i) * (100.0f / 200000.0f);
    worst = std::max(worst, std::abs(FastExp(x) - std::exp(x)) / std::exp(x));
  }
  EXPECT_LT(worst, 1e-6f);
  EXPECT_EQ(FastExp(0.0f), 1.0f);
  EXPECT_GT(FastExp(-200.0f), 0.0f);  // clamped, never negative or NaN
}

TEST(FastMath, SinCosMatchLibmOverOneTurn) {
  float worst = 0;
  for (int i = 0; i <= 100000; ++i) {
    const float t = static_cast<float>(i) * (2.0f * 3.14159265f / 100000.0f);
    float s, c;
    FastSinCos(t, s, c);
    worst = std::max({worst, std::abs(s - std::sin(t)), std::abs(c - std::cos(t))});
  }
  EXPECT_LT(worst, 1e-6f);
}

TEST(UniformBelow, StaysBelowNIncludingExtremes) {
  for (std::uint64_t n : {1ull, 2ull, 7ull, 10ull, (1ull << 40) + 3, ~0ull}) {
    EXPECT_EQ(UniformBelow(0u, 0u, n), 0u);
    EXPECT_EQ(UniformBelow(~0u, ~0u, n), n - 1) << n;
    for (std::uint64_t i = 0; i < 2000; ++i) {
      const auto w = Philox(4, Stream::kNegative, n, i);
      ASSERT_LT(UniformBelow(w[0], w[1], n), n);
    }
  }
}

TEST(UniformBelow, TenBucketsPassChiSquare) {
  constexpr int kDraws = 100000;
  std::array<int, 10> count{};
  for (int i = 0; i < kDraws; ++i) {
    const auto w = Philox(5, Stream::kNegative, 0, static_cast<std::uint64_t>(i));
    ++count[UniformBelow(w[0], w[1], 10)];
  }
  double chi2 = 0;
  for (int c : count) chi2 += (c - kDraws / 10.0) * (c - kDraws / 10.0) / (kDraws / 10.0);
  EXPECT_LT(chi2, 40.0);  // 9 degrees of freedom: mean 9, P(chi2 > 40) < 1e-5
}

EncoderShape Shape(bool variational) { return {20, 16, 8, variational}; }

TEST(GlorotInit, SameSeedSameWeightsOtherSeedDifferent) {
  Parameters a(Shape(true)), b(Shape(true)), c(Shape(true));
  GlorotInit(a, 11);
  GlorotInit(b, 11);
  GlorotInit(c, 12);
  EXPECT_TRUE(std::equal(a.Flat().begin(), a.Flat().end(), b.Flat().begin()));
  int same = 0;
  for (std::size_t i = 0; i < a.Flat().size(); ++i) same += a.Flat()[i] == c.Flat()[i];
  EXPECT_EQ(same, 0);
}

// Each block within its own ±sqrt(6 / (fan_in + fan_out)), and filling it (max close to the bound).
TEST(GlorotInit, EachBlockWithinItsGlorotBound) {
  Parameters p(Shape(true));
  GlorotInit(p, 3);
  const float r0 = std::sqrt(6.0f / (20 + 16)), r1 = std::sqrt(6.0f / (16 + 8));
  const RowMatrixXf w0 = p.W0(), mu = p.W1().leftCols(8), sigma = p.W1().rightCols(8);
  auto check = [](const RowMatrixXf& w, float r, const char* name) {
    const float max_abs = w.cwiseAbs().maxCoeff();
    EXPECT_LE(max_abs, r) << name;
    EXPECT_GT(max_abs, 0.9f * r) << name << " does not fill its range";
    EXPECT_LT(std::abs(w.mean()), 0.25f * r) << name;
  };
  check(w0, r0, "W0");
  check(mu, r1, "Wmu");
  check(sigma, r1, "Wsigma");
  EXPECT_NE(mu, sigma) << "the two heads must be drawn separately";
}

// Keyed by (seed, layer, index): GAE's single head is VGAE's mean head.
TEST(GlorotInit, GaeHeadEqualsVgaeMeanHead) {
  Parameters vgae(Shape(true)), gae(Shape(false));
  GlorotInit(vgae, 5);
  GlorotInit(gae, 5);
  EXPECT_EQ(RowMatrixXf(gae.W0()), RowMatrixXf(vgae.W0()));
  EXPECT_EQ(RowMatrixXf(gae.W1()), RowMatrixXf(vgae.W1().leftCols(8)));
}

// ε of a node depends on its global id only, not on which rows are owned or in what order.
TEST(SampleEpsilon, RowDependsOnGlobalIdNotOnOwnership) {
  const std::vector<GlobalId> all{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, some{7, 3};
  RowMatrixXf e_all(10, 4), e_some(2, 4), e_next(10, 4);
  SampleEpsilon(1, 5, all, e_all);
  SampleEpsilon(1, 5, some, e_some);
  SampleEpsilon(1, 6, all, e_next);
  EXPECT_EQ(RowMatrixXf(e_some.row(0)), RowMatrixXf(e_all.row(7)));
  EXPECT_EQ(RowMatrixXf(e_some.row(1)), RowMatrixXf(e_all.row(3)));
  EXPECT_TRUE((e_next.array() != e_all.array()).all()) << "another epoch must draw new noise";
}

// ε rows take four normals per Philox block (words 0/2 and 1/3 as two Box-Muller pairs): every dimension is a unit
// Gaussian, and dimensions from the same block, pair or not, are uncorrelated. Width 7 leaves a partial block.
TEST(SampleEpsilon, EveryDimensionIsUnitGaussianAndUncorrelated) {
  constexpr int kRows = 40000, kWidth = 7;
  std::vector<GlobalId> gids(kRows);
  for (int i = 0; i < kRows; ++i) gids[static_cast<std::size_t>(i)] = 3 * i;
  RowMatrixXf e(kRows, kWidth);
  SampleEpsilon(2, 1, gids, e);
  const Eigen::MatrixXd x = e.cast<double>();
  for (int c = 0; c < kWidth; ++c) {
    const double mean = x.col(c).mean(), var = (x.col(c).array() - mean).square().mean();
    EXPECT_NEAR(mean, 0.0, 0.02) << "dim " << c;  // 4 standard errors at n = 40000
    EXPECT_NEAR(var, 1.0, 0.03) << "dim " << c;
  }
  for (auto [i, j] : {std::pair{0, 1}, {0, 2}, {0, 3}, {1, 3}, {2, 3}, {3, 4}, {4, 6}}) {
    const double corr = (x.col(i).array() * x.col(j).array()).mean();
    EXPECT_NEAR(corr, 0.0, 0.02) << "dims " << i << " and " << j;
  }
}

}  // namespace
}  // namespace vgae::core
