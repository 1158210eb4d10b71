// Canonical graph construction (BuildSymmetricGraph, UpperEdges, HasEdge) on hand-made edge lists, and the
// seeded edge split on the real Cora graph: counts, exact partition of the edges, negatives that are non-edges
// of the full graph, u < v, sorted lists, determinism per seed, and the ConfigError cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/edge_split.h"
#include "core/rng.h"
#include "core/error.h"
#include "core/graph_build.h"

namespace vgae::core {
namespace {

using PairSet = std::set<std::pair<GlobalId, GlobalId>>;

PairSet ToSet(const std::vector<GlobalId>& flat) {
  PairSet s;
  for (std::size_t k = 0; k < flat.size(); k += 2) s.emplace(flat[k], flat[k + 1]);
  return s;
}

std::vector<GlobalId> Row(const Csr<GlobalId>& g, GlobalId u) {
  return {g.indices.begin() + g.indptr[u], g.indices.begin() + g.indptr[u + 1]};
}

void ExpectCanonical(const Csr<GlobalId>& g) {
  const auto v = g.View();
  ValidateCsr(v, "graph");
  for (GlobalId u = 0; u < g.rows; ++u) {
    const auto row = Row(g, u);
    EXPECT_TRUE(std::adjacent_find(row.begin(), row.end(), std::greater_equal<>()) == row.end())
        << "row " << u << " not strictly increasing";
    for (GlobalId w : row) {
      EXPECT_NE(w, u) << "self-loop at " << u;
      EXPECT_TRUE(HasEdge(v, w, u)) << u << "-" << w << " has no reverse";
    }
  }
}

TEST(BuildSymmetricGraph, DropsAndCountsSelfLoopsAndDuplicatesInBothDirections) {
  const std::vector<GlobalId> src{0, 1, 0, 2, 1, 3, 0, 4}, dst{1, 0, 1, 2, 2, 0, 3, 4};
  GraphBuildStats stats;
  const auto g = BuildSymmetricGraph(6, src, dst, &stats);
  EXPECT_EQ(stats.input_edges, 8);
  EXPECT_EQ(stats.self_loops, 2);  // 2-2, 4-4
  EXPECT_EQ(stats.duplicates, 3);  // 1-0, 0-1 again, 0-3 after 3-0
  EXPECT_EQ(stats.undirected_edges, 3);
  EXPECT_EQ(g.rows, 6);
  EXPECT_EQ(g.indptr, (std::vector<std::int64_t>{0, 2, 4, 5, 6, 6, 6}));
  EXPECT_EQ(g.indices, (std::vector<GlobalId>{1, 3, 0, 2, 1, 0}));
  ExpectCanonical(g);
}

TEST(BuildSymmetricGraph, RandomInputGivesCanonicalGraphOfTheSameEdgeSet) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<GlobalId> node(0, 39);
  std::vector<GlobalId> src, dst;
  PairSet expected;
  for (int k = 0; k < 300; ++k) {
    const GlobalId u = node(rng), v = node(rng);
    src.push_back(u);
    dst.push_back(v);
    if (u != v) expected.emplace(std::min(u, v), std::max(u, v));
  }
  GraphBuildStats stats;
  const auto g = BuildSymmetricGraph(45, src, dst, &stats);  // nodes 40..44 isolated
  ExpectCanonical(g);
  EXPECT_EQ(ToSet(UpperEdges(g.View())), expected);
  EXPECT_EQ(stats.undirected_edges, static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(stats.self_loops + stats.duplicates + stats.undirected_edges, stats.input_edges);
  EXPECT_EQ(g.Nnz(), 2 * stats.undirected_edges);
  for (GlobalId u = 40; u < 45; ++u) EXPECT_TRUE(Row(g, u).empty());

  // The flattened-pair overload builds the same graph.
  std::vector<GlobalId> pairs;
  for (std::size_t k = 0; k < src.size(); ++k) pairs.insert(pairs.end(), {src[k], dst[k]});
  const auto h = BuildSymmetricGraph(45, pairs);
  EXPECT_EQ(h.indptr, g.indptr);
  EXPECT_EQ(h.indices, g.indices);
}

TEST(BuildSymmetricGraph, NoEdgesGivesEmptyRows) {
  const auto g = BuildSymmetricGraph(3, std::vector<GlobalId>{});
  EXPECT_EQ(g.indptr, (std::vector<std::int64_t>{0, 0, 0, 0}));
  EXPECT_TRUE(UpperEdges(g.View()).empty());
}

TEST(UpperEdges, ListsEachEdgeOnceWithSmallerEndFirstInOrder) {
  const std::vector<GlobalId> pairs{3, 1, 0, 2, 2, 3, 1, 0, 4, 0};
  const auto g = BuildSymmetricGraph(5, pairs);
  EXPECT_EQ(UpperEdges(g.View()), (std::vector<GlobalId>{0, 1, 0, 2, 0, 4, 1, 3, 2, 3}));
}

TEST(HasEdge, FindsEdgesInBothDirectionsOnly) {
  const std::vector<GlobalId> pairs{0, 1, 1, 2, 0, 3};
  const auto g = BuildSymmetricGraph(5, pairs);
  const auto v = g.View();
  EXPECT_TRUE(HasEdge(v, 0, 1));
  EXPECT_TRUE(HasEdge(v, 1, 0));
  EXPECT_TRUE(HasEdge(v, 3, 0));
  EXPECT_FALSE(HasEdge(v, 0, 2));
  EXPECT_FALSE(HasEdge(v, 1, 1));
  EXPECT_FALSE(HasEdge(v, 4, 0));
  EXPECT_FALSE(HasEdge(v, 0, 4));
}

// ---- edge split ----

// data/cora/edges.txt: "# nodes: N ..." header comment, then "u v" lines.
Csr<GlobalId> ReadCora() {
  const std::string path = std::string(VGAE_DATA_DIR) + "/cora/edges.txt";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::int64_t num_nodes = 0;
  std::vector<GlobalId> pairs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      const auto at = line.find("nodes:");
      if (at != std::string::npos) num_nodes = std::stoll(line.substr(at + 6));
      continue;
    }
    std::istringstream fields(line);
    GlobalId u = 0, v = 0;
    fields >> u >> v;
    pairs.insert(pairs.end(), {u, v});
  }
  EXPECT_EQ(num_nodes, 2708);
  return BuildSymmetricGraph(num_nodes, pairs);
}

const Csr<GlobalId>& Cora() {
  static const Csr<GlobalId> g = ReadCora();
  return g;
}

void ExpectSortedUpperPairs(const std::vector<GlobalId>& flat, const char* what) {
  ASSERT_EQ(flat.size() % 2, 0u) << what;
  for (std::size_t k = 0; k < flat.size(); k += 2) {
    EXPECT_LT(flat[k], flat[k + 1]) << what << " pair " << k / 2;
    if (k >= 2) {
      EXPECT_LT(std::make_pair(flat[k - 2], flat[k - 1]), std::make_pair(flat[k], flat[k + 1]))
          << what << " not sorted (or repeated) at pair " << k / 2;
    }
  }
}

TEST(SplitEdges, CoraCountsAreFlooredFractions) {
  const auto& g = Cora();
  const std::int64_t e = g.Nnz() / 2;
  ASSERT_EQ(e, 5278);
  const auto s = SplitEdges(g.View(), 0.05, 0.10, 1);
  EXPECT_EQ(s.test_pos.size() / 2, 527u);  // floor(527.8)
  EXPECT_EQ(s.val_pos.size() / 2, 263u);   // floor(263.9)
  EXPECT_EQ(s.train.size() / 2, static_cast<std::size_t>(e - 527 - 263));
  EXPECT_EQ(s.test_neg.size(), s.test_pos.size());
  EXPECT_EQ(s.val_neg.size(), s.val_pos.size());
}

TEST(SplitEdges, CoraPositivesPartitionTheEdgeSet) {
  const auto& g = Cora();
  const auto s = SplitEdges(g.View(), 0.05, 0.10, 1);
  const PairSet train = ToSet(s.train), val = ToSet(s.val_pos), test = ToSet(s.test_pos);
  EXPECT_EQ(train.size() + val.size() + test.size(), (s.train.size() + s.val_pos.size() + s.test_pos.size()) / 2)
      << "a list repeats a pair";
  PairSet all = train;
  all.insert(val.begin(), val.end());
  all.insert(test.begin(), test.end());
  EXPECT_EQ(all.size(), train.size() + val.size() + test.size()) << "the sets overlap";
  EXPECT_EQ(all, ToSet(UpperEdges(g.View())));
}

TEST(SplitEdges, CoraNegativesAreDisjointNonEdges) {
  const auto& g = Cora();
  const auto s = SplitEdges(g.View(), 0.05, 0.10, 1);
  const PairSet val = ToSet(s.val_neg), test = ToSet(s.test_neg);
  EXPECT_EQ(val.size() * 2, s.val_neg.size());
  EXPECT_EQ(test.size() * 2, s.test_neg.size());
  for (const auto& [u, v] : val) {
    EXPECT_FALSE(HasEdge(g.View(), u, v)) << u << "-" << v;
    EXPECT_EQ(test.count({u, v}), 0u) << u << "-" << v << " is both a val and a test negative";
  }
  for (const auto& [u, v] : test) EXPECT_FALSE(HasEdge(g.View(), u, v)) << u << "-" << v;
}

TEST(SplitEdges, CoraListsAreSortedUpperPairs) {
  const auto s = SplitEdges(Cora().View(), 0.05, 0.10, 1);
  ExpectSortedUpperPairs(s.train, "train");
  ExpectSortedUpperPairs(s.val_pos, "val_pos");
  ExpectSortedUpperPairs(s.val_neg, "val_neg");
  ExpectSortedUpperPairs(s.test_pos, "test_pos");
  ExpectSortedUpperPairs(s.test_neg, "test_neg");
}

TEST(SplitEdges, SameSeedSameSplitOtherSeedDifferent) {
  const auto a = SplitEdges(Cora().View(), 0.05, 0.10, 7);
  const auto b = SplitEdges(Cora().View(), 0.05, 0.10, 7);
  const auto c = SplitEdges(Cora().View(), 0.05, 0.10, 8);
  EXPECT_EQ(a.train, b.train);
  EXPECT_EQ(a.val_pos, b.val_pos);
  EXPECT_EQ(a.val_neg, b.val_neg);
  EXPECT_EQ(a.test_pos, b.test_pos);
  EXPECT_EQ(a.test_neg, b.test_neg);
  EXPECT_NE(a.test_pos, c.test_pos);
  EXPECT_NE(a.val_pos, c.val_pos);
  EXPECT_NE(a.val_neg, c.val_neg);
  EXPECT_NE(a.test_neg, c.test_neg);
}

TEST(SplitEdges, ZeroFractionsKeepEveryEdgeForTraining) {
  const auto s = SplitEdges(Cora().View(), 0.0, 0.0, 1);
  EXPECT_EQ(s.train, UpperEdges(Cora().View()));
  EXPECT_TRUE(s.val_pos.empty() && s.val_neg.empty() && s.test_pos.empty() && s.test_neg.empty());
}

TEST(SplitEdges, BadFractionsThrowConfigError) {
  const auto v = Cora().View();
  EXPECT_THROW(SplitEdges(v, 0.5, 0.5, 1), ConfigError);
  EXPECT_THROW(SplitEdges(v, 0.6, 0.5, 1), ConfigError);
  EXPECT_THROW(SplitEdges(v, -0.1, 0.1, 1), ConfigError);
  EXPECT_THROW(SplitEdges(v, 0.1, 1.0, 1), ConfigError);
  EXPECT_NO_THROW(SplitEdges(v, 0.45, 0.45, 1));
}

TEST(SplitEdges, CompleteGraphCannotSupplyNegatives) {
  std::vector<GlobalId> pairs;
  for (GlobalId u = 0; u < 5; ++u)
    for (GlobalId v = u + 1; v < 5; ++v) pairs.insert(pairs.end(), {u, v});
  const auto k5 = BuildSymmetricGraph(5, pairs);
  EXPECT_THROW(SplitEdges(k5.View(), 0.05, 0.10, 1), ConfigError);  // one test negative, zero non-edges
  EXPECT_NO_THROW(SplitEdges(k5.View(), 0.0, 0.0, 1));                // no negatives needed
}

// The negatives against the plain sequential definition, on a graph so dense that a batch of candidates runs
// dry (several batches) and pairs are drawn again across batches.
TEST(SplitEdges, NegativesAreTheFirstDistinctNonEdgesInDrawOrder) {
  std::vector<GlobalId> pairs;
  for (GlobalId u = 0; u < 40; ++u)
    for (GlobalId v = u + 1; v < 40; ++v)
      if ((u * 7 + v * 3) % 5 < 3) pairs.insert(pairs.end(), {u, v});
  const auto g = BuildSymmetricGraph(40, pairs);
  const auto s = SplitEdges(g.View(), 0.1, 0.1, 3);
  std::set<std::pair<GlobalId, GlobalId>> taken;
  std::vector<std::pair<GlobalId, GlobalId>> expected;
  const auto per_list = s.val_pos.size() / 2;
  for (std::uint64_t counter = 0; expected.size() < 2 * per_list; ++counter) {
    const auto w = Philox(3, Stream::kSplit, 1, counter);
    auto a = static_cast<GlobalId>(UniformBelow(w[0], w[1], 40)), b = static_cast<GlobalId>(UniformBelow(w[2], w[3], 40));
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    if (!HasEdge(g.View(), a, b) && taken.insert({a, b}).second) expected.emplace_back(a, b);
  }
  std::vector<std::pair<GlobalId, GlobalId>> val(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(per_list));
  std::vector<std::pair<GlobalId, GlobalId>> test(expected.begin() + static_cast<std::ptrdiff_t>(per_list), expected.end());
  std::sort(val.begin(), val.end());
  std::sort(test.begin(), test.end());
  const auto flat = [](const std::vector<std::pair<GlobalId, GlobalId>>& p) {
    std::vector<GlobalId> f;
    for (const auto& [u, v] : p) f.insert(f.end(), {u, v});
    return f;
  };
  ASSERT_GT(per_list, 40u);
  EXPECT_EQ(s.val_neg, flat(val));
  EXPECT_EQ(s.test_neg, flat(test));
}

}  // namespace
}  // namespace vgae::core
