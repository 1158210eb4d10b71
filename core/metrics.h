// Exact ranking metrics for link prediction: ROC AUC and average precision of positive-edge scores against
// negative-edge scores. Both are exact (no binning): ties count one half in AUC (Mann-Whitney, average ranks)
// and AP follows sklearn's average_precision_score (one step per distinct score, tied scores grouped).
// Cost O(n log n) for the sort, sums in double.
#pragma once

#include <span>

namespace vgae::core {

struct RankingMetrics {
  double auc = 0;
  double ap = 0;
};

// Each throws ConfigError when pos or neg is empty or a score is NaN (the ranking is then undefined).
double RocAuc(std::span<const float> pos, std::span<const float> neg);
// AP = sum_n (R_n - R_{n-1}) P_n over distinct thresholds from the highest score down.
double AveragePrecision(std::span<const float> pos, std::span<const float> neg);
// Both metrics from one sort.
RankingMetrics ComputeRankingMetrics(std::span<const float> pos, std::span<const float> neg);

}  // namespace vgae::core
