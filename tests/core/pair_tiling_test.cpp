// Tile order of the sampled loss's pairs (core::OrderPairsByTile, core::PairTiling): on Cora's edges and random
// negatives, the ordered list is a permutation of the list in tile order, the same whatever list order it came in,
// and scores to the same loss and gradient as the list order.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "core/loss.h"
#include "testing/cora_edges.h"
#include "testing/random_matrix.h"

namespace vgae::core {
namespace {

struct Pairs {
  std::vector<LocalId> a, b;
};

// Cora's 5,278 edges as positives, then five uniform negatives per edge.
Pairs CoraPairs(std::int64_t& rows) {
  Pairs p;
  for (const auto& [u, v] : testing::CoraEdges())
    p.a.push_back(static_cast<LocalId>(u)), p.b.push_back(static_cast<LocalId>(v));
  if (p.a.empty()) return p;
  rows = 1 + std::max(*std::max_element(p.a.begin(), p.a.end()), *std::max_element(p.b.begin(), p.b.end()));
  std::mt19937 rng(3);
  std::uniform_int_distribution<LocalId> node(0, static_cast<LocalId>(rows - 1));
  const auto edges = p.a.size();
  for (std::size_t k = 0; k < 5 * edges; ++k) p.a.push_back(node(rng)), p.b.push_back(node(rng));
  return p;
}

std::vector<std::pair<LocalId, LocalId>> Sorted(const Pairs& p) {
  std::vector<std::pair<LocalId, LocalId>> v;
  for (std::size_t k = 0; k < p.a.size(); ++k) v.emplace_back(p.a[k], p.b[k]);
  std::sort(v.begin(), v.end());
  return v;
}

TEST(OrderPairsByTile, CoraPairsEndInTileOrderAsAPermutationThatScoresTheSame) {
  std::int64_t rows = 0;
  const Pairs list = CoraPairs(rows);
  ASSERT_EQ(rows, 2708);
  ASSERT_EQ(list.a.size(), 6u * 5278u);
  const int shift = 7;  // 128-row tiles: 22 per side
  std::vector<std::size_t> counters;  // reused across the calls, as the trainer does
  Pairs tiled = list;
  OrderPairsByTile(tiled.a, tiled.b, rows, shift, counters);
  const auto tile = [&](std::size_t k) { return (tiled.a[k] >> shift) * 22 + (tiled.b[k] >> shift); };
  for (std::size_t k = 1; k < tiled.a.size(); ++k) ASSERT_LE(tile(k - 1), tile(k)) << "pair " << k;
  EXPECT_EQ(Sorted(tiled), Sorted(list));
  EXPECT_NE(tiled.a, list.a);  // it did move pairs

  // A pure function of the list: the same input gives the same order, and an ordered list stays as it is.
  Pairs again = list;
  OrderPairsByTile(again.a, again.b, rows, shift, counters);
  EXPECT_EQ(again.a, tiled.a);
  EXPECT_EQ(again.b, tiled.b);
  OrderPairsByTile(again.a, again.b, rows, shift, counters);
  EXPECT_EQ(again.a, tiled.a);
  EXPECT_EQ(again.b, tiled.b);
  // One tile (2708 rows < 2^12): every pair is in place.
  Pairs one = list;
  OrderPairsByTile(one.a, one.b, rows, 12, counters);
  EXPECT_EQ(one.a, list.a);
  EXPECT_EQ(one.b, list.b);

  // The loss is a sum over pairs: the order changes its rounding only.
  const RowMatrixXf z = testing::RandomMatrix(rows, 16, 4) * 0.5f;
  for (bool positive : {true, false}) {
    RowMatrixXf dz_list = RowMatrixXf::Zero(rows, 16), dz_tiled = dz_list;
    const double l_list = PairBce(z, list.a, list.b, positive, 1e-3, dz_list);
    const double l_tiled = PairBce(z, tiled.a, tiled.b, positive, 1e-3, dz_tiled);
    EXPECT_NEAR(l_tiled, l_list, 1e-12 * std::abs(l_list));
    EXPECT_LT((dz_tiled - dz_list).norm(), 1e-5f * dz_list.norm());
    EXPECT_GT(dz_list.norm(), 0.0f);
  }

  Pairs bad = list;
  bad.b[100] = static_cast<LocalId>(rows);
  EXPECT_THROW(OrderPairsByTile(bad.a, bad.b, rows, shift, counters), std::exception);
}

TEST(PairTiling, TilesSpanTheSideBytesOnlyPastTheThreshold) {
  const PairTiling tiling;
  EXPECT_EQ(tiling.Shift(19717, 16), -1);     // PubMed's table, 1.3 MB
  EXPECT_EQ(tiling.Shift(100'000, 16), -1);   // 6.4 MB
  EXPECT_EQ(tiling.Shift(1'000'000, 16), 16);  // 64 MB: tiles of 2^16 rows of 64 bytes, 4 MiB a side
  EXPECT_EQ(tiling.Shift(1'000'000, 32), 15);
  // Past 1024 tiles a side, the tiles grow instead.
  const std::int64_t huge = 1'000'000'000;
  const int s = tiling.Shift(huge, 16);
  EXPECT_LE(((huge - 1) >> s) + 1, 1024);
  EXPECT_GT(((huge - 1) >> (s - 1)) + 1, 1024);
  PairTiling always;
  always.above_table_bytes = 0;
  EXPECT_EQ(always.Shift(2708, 16), 16);  // Cora in one tile
  EXPECT_EQ(always.Shift(0, 16), -1);
}

}  // namespace
}  // namespace vgae::core
