// The negatives are sorted once (descending); Hits@K compares each positive with one threshold, MRR counts
// the negatives above and at each positive by binary search.
#include "core/ogb_metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "core/error.h"

namespace vgae::core {
namespace {

void CheckScores(std::span<const float> pos, std::span<const float> neg) {
  if (pos.empty() || neg.empty())
    throw ConfigError(detail::Concat("OGB metrics need both classes: got ", pos.size(), " positive and ",
                                     neg.size(), " negative scores"));
  for (std::size_t i = 0; i < pos.size(); ++i)
    if (std::isnan(pos[i])) throw ConfigError(detail::Concat("OGB metrics: positive score ", i, " is NaN"));
  for (std::size_t i = 0; i < neg.size(); ++i)
    if (std::isnan(neg[i])) throw ConfigError(detail::Concat("OGB metrics: negative score ", i, " is NaN"));
}

std::vector<float> SortedDescending(std::span<const float> s) {
  std::vector<float> v(s.begin(), s.end());
  std::sort(v.begin(), v.end(), std::greater<float>());
  return v;
}

double Hits(std::span<const float> pos, const std::vector<float>& neg_desc, int k) {
  if (k < 1) throw ConfigError(detail::Concat("Hits@K needs K >= 1, found ", k));
  if (neg_desc.size() < static_cast<std::size_t>(k)) return 1.0;
  const float kth = neg_desc[static_cast<std::size_t>(k) - 1];
  double hits = 0;
  for (float p : pos) hits += p > kth;
  return hits / static_cast<double>(pos.size());
}

double Mrr(std::span<const float> pos, const std::vector<float>& neg_desc) {
  double sum = 0;
  for (float p : pos) {
    // In a descending list the negatives > p form a prefix (ended by lower_bound), and so do those >= p
    // (ended by upper_bound).
    const auto above = std::lower_bound(neg_desc.begin(), neg_desc.end(), p, std::greater<float>()) - neg_desc.begin();
    const auto at_or_above =
        std::upper_bound(neg_desc.begin(), neg_desc.end(), p, std::greater<float>()) - neg_desc.begin();
    sum += 1.0 / (0.5 * static_cast<double>(above + at_or_above) + 1.0);
  }
  return sum / static_cast<double>(pos.size());
}

}  // namespace

double HitsAtK(std::span<const float> pos, std::span<const float> neg, int k) {
  CheckScores(pos, neg);
  return Hits(pos, SortedDescending(neg), k);
}

double MrrShared(std::span<const float> pos, std::span<const float> neg) {
  CheckScores(pos, neg);
  return Mrr(pos, SortedDescending(neg));
}

OgbMetrics ComputeOgbMetrics(std::span<const float> pos, std::span<const float> neg) {
  CheckScores(pos, neg);
  const auto sorted = SortedDescending(neg);
  return {Hits(pos, sorted, 20), Hits(pos, sorted, 50), Hits(pos, sorted, 100), Mrr(pos, sorted)};
}

}  // namespace vgae::core
