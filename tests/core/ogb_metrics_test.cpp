// OGB Hits@K and MRR against hand-worked cases and against a direct transcription of ogb.linkproppred's
// formulas (O(P·N) loops) on seeded random scores with many ties.
#include "core/ogb_metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include "core/error.h"

namespace vgae::core {
namespace {

constexpr double kTol = 1e-12;

std::vector<float> OneToN(int n) {
  std::vector<float> v;
  for (int i = 1; i <= n; ++i) v.push_back(static_cast<float>(i));
  return v;
}

TEST(HitsAtK, CountsPositivesStrictlyAboveTheKthNegative) {
  // Negatives 1..25: the 20th highest is 6. A positive equal to 6 is not a hit (strictly greater).
  const auto neg = OneToN(25);
  const std::vector<float> pos{6.0f, 6.5f, 30.0f, 0.0f};
  EXPECT_NEAR(HitsAtK(pos, neg, 20), 0.5, kTol);
  EXPECT_NEAR(HitsAtK(pos, neg, 1), 0.25, kTol);   // only 30 beats 25
  EXPECT_NEAR(HitsAtK(pos, neg, 25), 0.75, kTol);  // the 25th highest is 1: 6, 6.5 and 30 beat it
}

TEST(HitsAtK, FewerNegativesThanKCountsEveryPositive) {
  // OGB: `if len(y_pred_neg) < K: return {'hits@K': 1.}`, whatever the positives score.
  const std::vector<float> pos{-5.0f, 0.0f}, neg{1.0f, 2.0f, 3.0f};
  EXPECT_NEAR(HitsAtK(pos, neg, 4), 1.0, kTol);
  EXPECT_NEAR(HitsAtK(pos, neg, 3), 0.0, kTol);
}

TEST(MrrShared, AveragesOptimisticAndPessimisticRanksOfTies) {
  // Negatives 0.9, 0.5, 0.5, 0.1. Ranks: 1.0 -> 1; 0.9 -> 1 + (0 + 1)/2 = 1.5; 0.5 -> 1 + (1 + 3)/2 = 3;
  // 0.05 -> 5. MRR = (1 + 2/3 + 1/3 + 1/5) / 4 = 0.55.
  const std::vector<float> neg{0.5f, 0.1f, 0.9f, 0.5f};
  const std::vector<float> pos{1.0f, 0.9f, 0.5f, 0.05f};
  EXPECT_NEAR(MrrShared(pos, neg), 0.55, 1e-12);
  EXPECT_NEAR(MrrShared(std::vector<float>{0.5f}, neg), 1.0 / 3.0, kTol);
}

TEST(OgbMetrics, MatchesDirectTranscriptionOfOgbOnRandomTies) {
  std::mt19937 gen(7);
  std::uniform_int_distribution<int> level(0, 40);  // few distinct values: many ties across and within classes
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<float> pos(1 + trial * 7), neg(30 + trial * 11);
    for (auto& s : pos) s = static_cast<float>(level(gen)) / 8.0f;
    for (auto& s : neg) s = static_cast<float>(level(gen)) / 10.0f;
    // ogb: kth = torch.topk(y_pred_neg, K)[0][-1]; hits = (y_pred_pos > kth).float().mean()
    auto hits = [&](int k) {
      if (neg.size() < static_cast<std::size_t>(k)) return 1.0;
      auto sorted = neg;
      std::sort(sorted.begin(), sorted.end(), std::greater<float>());
      double h = 0;
      for (float p : pos) h += p > sorted[static_cast<std::size_t>(k) - 1];
      return h / static_cast<double>(pos.size());
    };
    // ogb _eval_mrr: rank = 0.5 * ((neg > pos).sum() + (neg >= pos).sum()) + 1; mrr = mean(1 / rank)
    double mrr = 0;
    for (float p : pos) {
      int gt = 0, ge = 0;
      for (float n : neg) {
        gt += n > p;
        ge += n >= p;
      }
      mrr += 1.0 / (0.5 * (gt + ge) + 1.0);
    }
    mrr /= static_cast<double>(pos.size());
    const OgbMetrics m = ComputeOgbMetrics(pos, neg);
    EXPECT_NEAR(m.hits20, hits(20), kTol) << "trial " << trial;
    EXPECT_NEAR(m.hits50, hits(50), kTol) << "trial " << trial;
    EXPECT_NEAR(m.hits100, hits(100), kTol) << "trial " << trial;
    EXPECT_NEAR(m.mrr, mrr, kTol) << "trial " << trial;
  }
}

TEST(OgbMetrics, RejectsEmptyClassesNaNAndNonPositiveK) {
  const std::vector<float> some{1.0f}, none;
  const std::vector<float> nan{std::numeric_limits<float>::quiet_NaN()};
  EXPECT_THROW(ComputeOgbMetrics(none, some), ConfigError);
  EXPECT_THROW(ComputeOgbMetrics(some, none), ConfigError);
  EXPECT_THROW(ComputeOgbMetrics(nan, some), ConfigError);
  EXPECT_THROW(MrrShared(some, nan), ConfigError);
  EXPECT_THROW(HitsAtK(some, some, 0), ConfigError);
}

}  // namespace
}  // namespace vgae::core
