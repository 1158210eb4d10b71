// Ranking metrics against hand-worked cases and against sklearn 1.2.1 on seeded random scores with many ties.
#include "core/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.h"

namespace vgae::core {
namespace {

constexpr double kTol = 1e-9;

TEST(RankingMetrics, PerfectRankingScoresOne) {
  const std::vector<float> pos{0.9f, 0.8f, 0.95f}, neg{0.1f, 0.2f};
  const RankingMetrics m = ComputeRankingMetrics(pos, neg);
  EXPECT_NEAR(m.auc, 1.0, kTol);
  EXPECT_NEAR(m.ap, 1.0, kTol);
}

TEST(RankingMetrics, ReversedRankingScoresZeroAucAndLowAp) {
  // Descending: n 0.9, n 0.8, p 0.2 (precision 1/3), p 0.1 (precision 2/4); each positive adds recall 1/2.
  const std::vector<float> pos{0.1f, 0.2f}, neg{0.8f, 0.9f};
  EXPECT_NEAR(RocAuc(pos, neg), 0.0, kTol);
  EXPECT_NEAR(AveragePrecision(pos, neg), 0.5 / 3 + 0.5 * 0.5, kTol);
}

TEST(RankingMetrics, AllTiedGivesHalfAucAndPositiveFractionAp) {
  const std::vector<float> pos(3, 0.5f), neg(2, 0.5f);
  EXPECT_NEAR(RocAuc(pos, neg), 0.5, kTol);
  EXPECT_NEAR(AveragePrecision(pos, neg), 3.0 / 5.0, kTol);
}

TEST(RankingMetrics, MixedCaseWithTieMatchesHandComputation) {
  // Pairs won: 0.9 beats all 3; 0.5 beats 0.1 and ties 0.5 (1.5); 0.3 beats 0.1 -> 5.5 / 9.
  // Thresholds 0.9: P=1 R=1/3; 0.7: no positive; 0.5: P=2/4 R=2/3; 0.3: P=3/5 R=1 -> AP = 1/3 + 1/6 + 1/5.
  const std::vector<float> pos{0.3f, 0.9f, 0.5f}, neg{0.5f, 0.1f, 0.7f};
  const RankingMetrics m = ComputeRankingMetrics(pos, neg);
  EXPECT_NEAR(m.auc, 5.5 / 9.0, kTol);
  EXPECT_NEAR(m.ap, 1.0 / 3 + 1.0 / 6 + 1.0 / 5, kTol);
}

TEST(RankingMetrics, NegativeZeroTiesWithPositiveZero) {
  const std::vector<float> pos{0.0f}, neg{-0.0f};
  EXPECT_NEAR(RocAuc(pos, neg), 0.5, kTol);
  EXPECT_NEAR(AveragePrecision(pos, neg), 0.5, kTol);
}

// Expected values produced once with /usr/bin/python3, sklearn 1.2.1:
//   import numpy as np; from sklearn.metrics import roc_auc_score, average_precision_score
//   for seed, npos, nneg in [(1, 20, 30), (2, 50, 50), (3, 7, 40)]:
//       rng = np.random.default_rng(seed)
//       pos = np.round(rng.uniform(0.2, 1.0, npos), 1).astype(np.float32)
//       neg = np.round(rng.uniform(0.0, 0.8, nneg), 1).astype(np.float32)
//       y = np.r_[np.ones(npos), np.zeros(nneg)]; s = np.r_[pos, neg]
//       print(repr(roc_auc_score(y, s)), repr(average_precision_score(y, s)))
struct SklearnCase {
  std::vector<float> pos, neg;
  double auc, ap;
};

TEST(RankingMetrics, MatchesSklearnOnTiedRandomScores) {
  const std::vector<SklearnCase> cases{
      {{0.6f, 1.0f, 0.3f, 1.0f, 0.4f, 0.5f, 0.9f, 0.5f, 0.6f, 0.2f,
        0.8f, 0.6f, 0.5f, 0.8f, 0.4f, 0.6f, 0.3f, 0.5f, 0.4f, 0.4f},
       {0.6f, 0.2f, 0.4f, 0.8f, 0.8f, 0.6f, 0.4f, 0.2f, 0.1f, 0.8f, 0.4f, 0.1f, 0.5f, 0.6f, 0.5f,
        0.7f, 0.0f, 0.4f, 0.4f, 0.0f, 0.5f, 0.7f, 0.5f, 0.2f, 0.7f, 0.4f, 0.4f, 0.6f, 0.1f, 0.7f},
       0.6125,
       0.5511003156734864},
      {{0.4f, 0.4f, 0.9f, 0.3f, 0.7f, 0.8f, 0.4f, 0.2f, 0.4f, 0.7f, 0.6f, 0.3f, 0.5f, 0.7f, 0.5f, 0.7f, 1.0f,
        0.7f, 0.5f, 0.3f, 0.5f, 0.6f, 0.9f, 0.8f, 0.5f, 0.9f, 0.6f, 0.8f, 0.3f, 0.3f, 0.4f, 0.9f, 0.7f, 0.9f,
        0.7f, 0.5f, 0.6f, 0.7f, 0.9f, 0.6f, 0.9f, 0.7f, 0.9f, 0.6f, 0.8f, 0.5f, 0.6f, 0.4f, 0.3f, 0.2f},
       {0.6f, 0.4f, 0.7f, 0.7f, 0.3f, 0.8f, 0.5f, 0.6f, 0.3f, 0.2f, 0.1f, 0.1f, 0.5f, 0.1f, 0.0f, 0.7f, 0.1f,
        0.4f, 0.4f, 0.5f, 0.4f, 0.7f, 0.6f, 0.5f, 0.5f, 0.4f, 0.8f, 0.2f, 0.6f, 0.4f, 0.0f, 0.2f, 0.7f, 0.6f,
        0.0f, 0.2f, 0.0f, 0.7f, 0.1f, 0.0f, 0.8f, 0.4f, 0.3f, 0.0f, 0.3f, 0.3f, 0.4f, 0.0f, 0.1f, 0.2f},
       0.744,
       0.7268288877793935},
      {{0.3f, 0.4f, 0.8f, 0.7f, 0.3f, 0.5f, 0.6f},
       {0.1f, 0.6f, 0.1f, 0.3f, 0.4f, 0.3f, 0.5f, 0.6f, 0.8f, 0.2f, 0.5f, 0.6f, 0.2f, 0.0f,
        0.8f, 0.2f, 0.3f, 0.7f, 0.5f, 0.4f, 0.6f, 0.0f, 0.6f, 0.3f, 0.1f, 0.5f, 0.7f, 0.2f,
        0.5f, 0.2f, 0.6f, 0.6f, 0.2f, 0.7f, 0.5f, 0.5f, 0.7f, 0.3f, 0.6f, 0.7f},
       0.6035714285714285,
       0.20533872258010188},
  };
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const RankingMetrics m = ComputeRankingMetrics(cases[c].pos, cases[c].neg);
    EXPECT_NEAR(m.auc, cases[c].auc, kTol) << "case " << c;
    EXPECT_NEAR(m.ap, cases[c].ap, kTol) << "case " << c;
  }
}

TEST(RankingMetrics, SwappingClassesComplementsAuc) {
  const std::vector<float> a{0.3f, 0.9f, 0.5f, 0.5f}, b{0.5f, 0.1f, 0.7f};
  EXPECT_NEAR(RocAuc(a, b) + RocAuc(b, a), 1.0, kTol);
}

TEST(RankingMetrics, EmptySideIsAConfigError) {
  const std::vector<float> some{0.5f}, none;
  EXPECT_THROW(ComputeRankingMetrics(none, some), ConfigError);
  EXPECT_THROW(RocAuc(some, none), ConfigError);
  EXPECT_THROW(AveragePrecision(none, none), ConfigError);
}

TEST(RankingMetrics, NanScoreIsAConfigError) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> good{0.5f, 0.2f}, bad{0.1f, nan};
  EXPECT_THROW(RocAuc(bad, good), ConfigError);
  EXPECT_THROW(AveragePrecision(good, bad), ConfigError);
}

}  // namespace
}  // namespace vgae::core
