// Ranking metrics by one merge walk over the positive and negative scores, each sorted descending. Every
// distinct score is one threshold: its tie group (p positives, n negatives) adds one precision/recall step to
// AP and p * (negatives strictly below + n/2) to the Mann-Whitney count behind AUC.
#include "core/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/error.h"

namespace vgae::core {
namespace {

std::vector<float> SortedDescending(std::span<const float> scores, const char* side) {
  std::vector<float> sorted(scores.begin(), scores.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (std::isnan(sorted[i]))
      throw ConfigError(detail::Concat("ranking metrics: ", side, " score ", i, " is NaN"));
  }
  std::sort(sorted.begin(), sorted.end(), std::greater<float>());
  return sorted;
}

}  // namespace

RankingMetrics ComputeRankingMetrics(std::span<const float> pos, std::span<const float> neg) {
  if (pos.empty() || neg.empty())
    throw ConfigError(detail::Concat("ranking metrics need both classes: got ", pos.size(), " positive and ",
                                     neg.size(), " negative scores"));
  const std::vector<float> p = SortedDescending(pos, "positive");
  const std::vector<float> n = SortedDescending(neg, "negative");
  const double num_pos = static_cast<double>(p.size());
  const double num_neg = static_cast<double>(n.size());

  std::size_t i = 0, j = 0;  // next unvisited positive / negative
  double pairs_won = 0;      // Mann-Whitney U: positive above negative counts 1, a tie 1/2
  double ap = 0;
  while (i < p.size() || j < n.size()) {
    // The next threshold is the larger of the two heads; both sides consume every score equal to it.
    const float t = (j == n.size() || (i < p.size() && p[i] >= n[j])) ? p[i] : n[j];
    const std::size_t i0 = i, j0 = j;
    while (i < p.size() && p[i] == t) ++i;
    while (j < n.size() && n[j] == t) ++j;
    const double group_pos = static_cast<double>(i - i0);
    const double group_neg = static_cast<double>(j - j0);
    if (group_pos > 0) {
      const double neg_below = num_neg - static_cast<double>(j);
      pairs_won += group_pos * (neg_below + 0.5 * group_neg);
      // Recall rises by group_pos / P; precision at this threshold counts everything scored >= t.
      ap += (group_pos / num_pos) * (static_cast<double>(i) / static_cast<double>(i + j));
    }
  }
  return {pairs_won / (num_pos * num_neg), ap};
}

double RocAuc(std::span<const float> pos, std::span<const float> neg) {
  return ComputeRankingMetrics(pos, neg).auc;
}

double AveragePrecision(std::span<const float> pos, std::span<const float> neg) {
  return ComputeRankingMetrics(pos, neg).ap;
}

}  // namespace vgae::core
