// OGB-style link prediction metrics (ogb.linkproppred.Evaluator) against a fixed set of negative scores.
//  Hits@K: the fraction of positives scoring strictly above the K-th highest negative score (OGB 'hits@K');
//          with fewer than K negatives every positive counts as a hit (OGB returns 1.0 then).
//  MRR:    per positive, rank = 1 + (#negatives > s + #negatives >= s) / 2 (OGB's _eval_mrr: the mean of the
//          optimistic and pessimistic rank among tied scores), averaged as 1 / rank over the positives.
// OGB ranks each positive against its own negatives; MrrShared ranks every positive against one shared
// candidate list (vgae_dist uses the test negatives), which is _eval_mrr with the same row repeated.
// Cost O((P + N) log N); sums in double. NaN scores or empty inputs throw ConfigError.
#pragma once

#include <span>

namespace vgae::core {

double HitsAtK(std::span<const float> pos, std::span<const float> neg, int k);
double MrrShared(std::span<const float> pos, std::span<const float> neg);

struct OgbMetrics {
  double hits20 = 0, hits50 = 0, hits100 = 0, mrr = 0;
};
// Hits@20, @50, @100 and shared-candidate MRR from one sort of the negatives.
OgbMetrics ComputeOgbMetrics(std::span<const float> pos, std::span<const float> neg);

}  // namespace vgae::core
