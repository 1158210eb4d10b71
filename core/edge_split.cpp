#include "core/edge_split.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "core/error.h"
#include "core/graph_build.h"
#include "core/rng.h"

namespace vgae::core {
namespace {

std::vector<GlobalId> SortedPairs(const std::vector<GlobalId>& edges, const std::vector<std::int64_t>& order,
                                  std::size_t begin, std::size_t end) {
  std::vector<std::pair<GlobalId, GlobalId>> pairs;
  pairs.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) pairs.emplace_back(edges[2 * order[i]], edges[2 * order[i] + 1]);
  std::sort(pairs.begin(), pairs.end());
  std::vector<GlobalId> flat;
  flat.reserve(2 * pairs.size());
  for (const auto& [u, v] : pairs) {
    flat.push_back(u);
    flat.push_back(v);
  }
  return flat;
}

// Counts units of work and reports their fraction to a callback about every 1% (at most ~100 calls, and 1 at
// the end), so a caller's display costs nothing per unit.
class WorkTicker {
 public:
  WorkTicker(const std::function<void(double)>& progress, std::int64_t total)
      : progress_(progress), total_(std::max<std::int64_t>(total, 1)), step_(std::max<std::int64_t>(total_ / 100, 1)) {}
  void Add() {
    if (progress_ && ++done_ % step_ == 0 && done_ < total_)
      progress_(static_cast<double>(done_) / static_cast<double>(total_));
  }
  void Finish() {
    if (progress_) progress_(1.0);
  }

 private:
  const std::function<void(double)>& progress_;
  std::int64_t total_, step_, done_ = 0;
};

}  // namespace

EdgeSplit SplitEdges(const CsrView<GlobalId>& graph, double val_fraction, double test_fraction, std::uint64_t seed,
                     const std::function<void(double)>& progress) {
  if (!(val_fraction >= 0 && test_fraction >= 0 && val_fraction + test_fraction < 1))
    throw ConfigError(detail::Concat("split fractions val=", val_fraction, " test=", test_fraction,
                                     ": expected each in [0, 1) and val + test < 1"));
  const auto edges = UpperEdges(graph);
  const auto num_edges = static_cast<std::int64_t>(edges.size() / 2);
  const auto n = graph.rows;
  const auto n_test = static_cast<std::int64_t>(std::floor(static_cast<double>(num_edges) * test_fraction));
  const auto n_val = static_cast<std::int64_t>(std::floor(static_cast<double>(num_edges) * val_fraction));
  const double non_edges = static_cast<double>(n) * static_cast<double>(n - 1) / 2.0 - static_cast<double>(num_edges);
  if (static_cast<double>(n_val + n_test) > 0.5 * non_edges)
    throw ConfigError(detail::Concat("graph with ", n, " nodes and ", num_edges, " edges has only ", non_edges,
                                     " non-edges: too few to draw ", n_val + n_test, " negatives"));

  WorkTicker ticker(progress, num_edges + n_val + n_test);
  // Fisher-Yates with one keyed draw per position: the permutation is a pure function of the seed.
  std::vector<std::int64_t> order(static_cast<std::size_t>(num_edges));
  for (std::int64_t i = 0; i < num_edges; ++i) order[i] = i;
  for (std::int64_t i = num_edges - 1; i > 0; --i) {
    const auto w = Philox(seed, Stream::kSplit, 0, static_cast<std::uint64_t>(i));
    const auto j = static_cast<std::int64_t>(UniformBelow(w[0], w[1], static_cast<std::uint64_t>(i + 1)));
    std::swap(order[i], order[j]);
    ticker.Add();
  }
  EdgeSplit split;
  split.test_pos = SortedPairs(edges, order, 0, static_cast<std::size_t>(n_test));
  split.val_pos = SortedPairs(edges, order, static_cast<std::size_t>(n_test), static_cast<std::size_t>(n_test + n_val));
  split.train = SortedPairs(edges, order, static_cast<std::size_t>(n_test + n_val), order.size());

  std::unordered_set<std::uint64_t> taken;
  std::uint64_t counter = 0;
  auto draw_negatives = [&](std::int64_t count) {
    std::vector<std::pair<GlobalId, GlobalId>> pairs;
    while (static_cast<std::int64_t>(pairs.size()) < count) {
      const auto w = Philox(seed, Stream::kSplit, 1, counter++);
      auto a = static_cast<GlobalId>(UniformBelow(w[0], w[1], static_cast<std::uint64_t>(n)));
      auto b = static_cast<GlobalId>(UniformBelow(w[2], w[3], static_cast<std::uint64_t>(n)));
      if (a == b) continue;
      if (a > b) std::swap(a, b);
      if (HasEdge(graph, a, b)) continue;
      if (!taken.insert(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(n) + static_cast<std::uint64_t>(b)).second)
        continue;
      pairs.emplace_back(a, b);
      ticker.Add();
    }
    std::sort(pairs.begin(), pairs.end());
    std::vector<GlobalId> flat;
    for (const auto& [u, v] : pairs) {
      flat.push_back(u);
      flat.push_back(v);
    }
    return flat;
  };
  split.val_neg = draw_negatives(n_val);
  split.test_neg = draw_negatives(n_test);
  ticker.Finish();
  return split;
}

}  // namespace vgae::core
