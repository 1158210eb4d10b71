#include "core/edge_split.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/error.h"
#include "core/rng.h"

namespace vgae::core {
namespace {

enum : std::uint8_t { kTrain = 0, kVal = 1, kTest = 2 };

std::uint64_t EdgeKey(std::uint64_t seed, GlobalId u, GlobalId v) {
  const auto w = Philox(seed, Stream::kSplitEdge, static_cast<std::uint64_t>(u), static_cast<std::uint64_t>(v));
  return (static_cast<std::uint64_t>(w[0]) << 32) | w[1];
}

// An edge's place in the split order: (key, u, v), u < v. No two edges share it.
struct Ranked {
  std::uint64_t key = 0;
  GlobalId u = 0, v = 0;
  bool operator<(const Ranked& o) const { return std::tie(key, u, v) < std::tie(o.key, o.u, o.v); }
};
// The first edge NOT taken by a selection; infinite when every edge is taken.
struct Threshold {
  Ranked at;
  bool infinite = false;
  bool Takes(const Ranked& e) const { return infinite || e < at; }
};

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

// The block's edges u < v in row order, with their keys.
class UpperEdges {
 public:
  UpperEdges(const CsrView<GlobalId>& rows, GlobalId row_begin, std::uint64_t seed) : rows_(rows), row_begin_(row_begin) {
    keys_.reserve(static_cast<std::size_t>(rows.Nnz() / 2 + 1));
    ForEach([&](GlobalId u, GlobalId v, std::size_t) { keys_.push_back(EdgeKey(seed, u, v)); });
  }
  std::int64_t Count() const { return static_cast<std::int64_t>(keys_.size()); }
  const std::vector<std::uint64_t>& Keys() const { return keys_; }
  // fn(u, v, index into Keys()) for every edge u < v of the block, in (u, v) order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    std::size_t index = 0;
    for (std::int64_t i = 0; i < rows_.rows; ++i) {
      const GlobalId u = row_begin_ + i;
      const auto last = rows_.indptr[i + 1];
      auto k = std::upper_bound(rows_.indices.begin() + rows_.indptr[i], rows_.indices.begin() + last, u) -
               rows_.indices.begin();
      for (; k < last; ++k) fn(u, rows_.indices[k], index++);
    }
  }

 private:
  const CsrView<GlobalId>& rows_;
  GlobalId row_begin_;
  std::vector<std::uint64_t> keys_;
};

// The edge with exactly r edges before it in (key, u, v) order over all blocks: a radix select on the keys,
// 16 bits per round (one summed 2^16-bucket histogram each), then the (u, v) order among equal keys.
Threshold SelectRank(const UpperEdges& edges, std::int64_t r, std::int64_t total, const Collective& peers) {
  if (r >= total) return {{}, true};
  std::uint64_t prefix = 0;
  std::int64_t below = 0;
  std::vector<std::int64_t> hist(std::size_t{1} << 16);
  for (int round = 0; round < 4; ++round) {
    const int shift = 48 - 16 * round;
    std::fill(hist.begin(), hist.end(), 0);
    for (const auto k : edges.Keys())
      if (round == 0 || (k >> (shift + 16)) == (prefix >> (shift + 16))) ++hist[(k >> shift) & 0xFFFF];
    peers.SumInPlace(hist);
    std::uint64_t digit = 0;
    while (below + hist[digit] <= r) below += hist[digit++];
    prefix |= digit << shift;
  }
  std::vector<std::int64_t> ties;  // (u, v) of the edges keyed `prefix`: almost always exactly one
  edges.ForEach([&](GlobalId u, GlobalId v, std::size_t i) {
    if (edges.Keys()[i] == prefix) ties.insert(ties.end(), {u, v});
  });
  const auto all = peers.Gather(ties);  // block order is (u, v) order
  const auto at = static_cast<std::size_t>(r - below);
  VGAE_CHECK(2 * at + 1 < all.size());
  return {{prefix, all[2 * at], all[2 * at + 1]}, false};
}

// A negative candidate: the pair (a < b) drawn at batch position `draw`.
struct Candidate {
  GlobalId a = 0, b = 0;
  std::uint64_t draw = 0;
  bool operator<(const Candidate& o) const { return std::tie(a, b, draw) < std::tie(o.a, o.b, o.draw); }
  // The pairs alone: < 0 when this pair sorts first, 0 when equal.
  int ComparePair(const Candidate& o) const {
    return std::tie(a, b) < std::tie(o.a, o.b) ? -1 : std::tie(a, b) == std::tie(o.a, o.b) ? 0 : 1;
  }
};

// The candidates of draws [counter, counter + batch) whose smaller end is a row of the block (self-pairs
// skipped). Every block draws them all: the draw, not the block, decides a candidate.
std::vector<Candidate> OwnedCandidates(std::uint64_t seed, std::uint64_t counter, std::uint64_t batch, std::int64_t n,
                                       GlobalId row_begin, GlobalId row_end) {
  std::vector<Candidate> out;
  for (std::uint64_t i = 0; i < batch; ++i) {
    const auto w = Philox(seed, Stream::kSplit, 1, counter + i);
    auto a = static_cast<GlobalId>(UniformBelow(w[0], w[1], static_cast<std::uint64_t>(n)));
    auto b = static_cast<GlobalId>(UniformBelow(w[2], w[3], static_cast<std::uint64_t>(n)));
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    if (a >= row_begin && a < row_end) out.push_back({a, b, i});
  }
  return out;
}

std::vector<GlobalId> Flatten(std::vector<std::pair<GlobalId, GlobalId>>& pairs) {
  std::sort(pairs.begin(), pairs.end());
  std::vector<GlobalId> flat;
  flat.reserve(2 * pairs.size());
  for (const auto& [u, v] : pairs) flat.insert(flat.end(), {u, v});
  return flat;
}

}  // namespace

EdgeSplitBlock SplitEdgeBlock(const CsrView<GlobalId>& rows, GlobalId row_begin, double val_fraction,
                              double test_fraction, std::uint64_t seed, const Collective& peers,
                              const std::function<void(double)>& progress) {
  if (!(val_fraction >= 0 && test_fraction >= 0 && val_fraction + test_fraction < 1))
    throw ConfigError(detail::Concat("split fractions val=", val_fraction, " test=", test_fraction,
                                     ": expected each in [0, 1) and val + test < 1"));
  const auto n = rows.cols;
  const GlobalId row_end = row_begin + rows.rows;
  const UpperEdges edges(rows, row_begin, seed);
  const auto num_edges = peers.Sum(edges.Count());
  const auto n_test = static_cast<std::int64_t>(std::floor(static_cast<double>(num_edges) * test_fraction));
  const auto n_val = static_cast<std::int64_t>(std::floor(static_cast<double>(num_edges) * val_fraction));
  const double non_edges = static_cast<double>(n) * static_cast<double>(n - 1) / 2.0 - static_cast<double>(num_edges);
  if (static_cast<double>(n_val + n_test) > 0.5 * non_edges)
    throw ConfigError(detail::Concat("graph with ", n, " nodes and ", num_edges, " edges has only ", non_edges,
                                     " non-edges: too few to draw ", n_val + n_test, " negatives"));
  WorkTicker ticker(progress, edges.Count() + n_val + n_test);

  // Positives: classify every entry of the block's rows (both directions) against the two thresholds.
  const auto test_end = SelectRank(edges, n_test, num_edges, peers);
  const auto val_end = SelectRank(edges, n_test + n_val, num_edges, peers);
  const auto classify = [&](const Ranked& e) -> std::uint8_t {
    return test_end.Takes(e) ? kTest : val_end.Takes(e) ? kVal : kTrain;
  };
  EdgeSplitBlock out;
  auto& lists = out.lists;
  edges.ForEach([&](GlobalId u, GlobalId v, std::size_t i) {
    const auto c = classify({edges.Keys()[i], u, v});
    auto& list = c == kTest ? lists.test_pos : c == kVal ? lists.val_pos : lists.train;
    list.insert(list.end(), {u, v});
    ticker.Add();
  });
  auto& train = out.train_rows;
  train.rows = rows.rows;
  train.cols = n;
  train.indptr.assign(static_cast<std::size_t>(rows.rows) + 1, 0);
  train.indices.reserve(static_cast<std::size_t>(rows.Nnz()));  // an upper bound: never reallocates
  for (std::int64_t i = 0; i < rows.rows; ++i) {
    const GlobalId u = row_begin + i;
    for (auto k = rows.indptr[i]; k < rows.indptr[i + 1]; ++k) {
      const GlobalId v = rows.indices[k], a = std::min(u, v), b = std::max(u, v);
      if (classify({EdgeKey(seed, a, b), a, b}) == kTrain) train.indices.push_back(v);
    }
    train.indptr[i + 1] = static_cast<std::int64_t>(train.indices.size());
  }

  // Negatives: candidate pairs in counter order, in batches. The block owning a candidate's smaller end
  // checks it and keeps the first draw of each distinct non-edge; a summed bitmap of the kept candidates gives
  // every block their global order, which decides val (first n_val) and test (next n_test). A block sorts its
  // candidates by pair before looking them up, so the row lookups stream through memory and duplicates (within
  // the batch, or kept by an earlier batch) are neighbours.
  const auto need = n_val + n_test;
  std::int64_t accepted = 0;
  std::uint64_t counter = 0;
  std::vector<Candidate> kept_before;  // sorted by pair
  std::vector<std::pair<GlobalId, GlobalId>> val_neg, test_neg;
  while (accepted < need) {
    const auto remaining = need - accepted;
    const auto batch = static_cast<std::uint64_t>(remaining + remaining / 8 + 64);
    auto mine = OwnedCandidates(seed, counter, batch, n, row_begin, row_end);
    std::sort(mine.begin(), mine.end());  // by pair, then counter: the first draw of a pair leads
    std::vector<std::int64_t> bits((batch + 63) / 64, 0);
    std::size_t kept = 0, before = 0;
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const auto& c = mine[i];
      if (i > 0 && mine[i - 1].ComparePair(c) == 0) continue;
      while (before < kept_before.size() && kept_before[before].ComparePair(c) < 0) ++before;
      if (before < kept_before.size() && kept_before[before].ComparePair(c) == 0) continue;
      const auto row = c.a - row_begin;
      if (std::binary_search(rows.indices.begin() + rows.indptr[row], rows.indices.begin() + rows.indptr[row + 1], c.b))
        continue;
      bits[c.draw / 64] |= static_cast<std::int64_t>(std::uint64_t{1} << (c.draw % 64));
      mine[kept++] = c;
    }
    mine.resize(kept);
    const auto old_size = kept_before.size();
    kept_before.insert(kept_before.end(), mine.begin(), mine.end());
    std::inplace_merge(kept_before.begin(), kept_before.begin() + static_cast<std::ptrdiff_t>(old_size), kept_before.end());
    std::sort(mine.begin(), mine.end(), [](const Candidate& x, const Candidate& y) { return x.draw < y.draw; });
    peers.SumInPlace(bits);  // each bit is set by one block only: the sum is the union
    std::size_t next_mine = 0;
    for (std::uint64_t i = 0; i < batch && accepted < need; ++i) {
      if (!((static_cast<std::uint64_t>(bits[i / 64]) >> (i % 64)) & 1)) continue;
      if (next_mine < mine.size() && mine[next_mine].draw == i) {
        const auto& c = mine[next_mine++];
        (accepted < n_val ? val_neg : test_neg).emplace_back(c.a, c.b);
      }
      ++accepted;
      ticker.Add();
    }
    counter += batch;
  }
  lists.val_neg = Flatten(val_neg);
  lists.test_neg = Flatten(test_neg);
  ticker.Finish();
  return out;
}

EdgeSplit SplitEdges(const CsrView<GlobalId>& graph, double val_fraction, double test_fraction, std::uint64_t seed,
                     const std::function<void(double)>& progress) {
  return SplitEdgeBlock(graph, 0, val_fraction, test_fraction, seed, SoloCollective(), progress).lists;
}

}  // namespace vgae::core
