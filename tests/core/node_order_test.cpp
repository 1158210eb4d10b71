// Node orders (core/node_order.h): reverse Cuthill–McKee on hand-made graphs whose best order is known, and on
// the real Cora graph (a permutation that keeps every edge and brings neighbours nearer); the permutations of a
// graph, of sparse rows with values and of dense rows; the checks on what is not a permutation.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/graph_build.h"
#include "core/node_order.h"
#include "testing/cora_edges.h"

namespace vgae::core {
namespace {

Csr<GlobalId> Graph(std::int64_t n, const std::vector<GlobalId>& pairs) { return BuildSymmetricGraph(n, pairs); }

std::set<std::pair<GlobalId, GlobalId>> Edges(const Csr<GlobalId>& g, const std::vector<GlobalId>& rename) {
  std::set<std::pair<GlobalId, GlobalId>> s;
  for (GlobalId u = 0; u < g.rows; ++u)
    for (auto k = g.indptr[u]; k < g.indptr[u + 1]; ++k) s.emplace(rename[u], rename[g.indices[k]]);
  return s;
}

TEST(ReverseCuthillMcKee, ShuffledPathAndCycleGetBandwidthOneAndTwo) {
  // A path 0-1-...-n-1 under a random renaming: RCM recovers an order with neighbours adjacent.
  const std::int64_t n = 200;
  std::vector<GlobalId> name(n);
  std::iota(name.begin(), name.end(), GlobalId{0});
  std::shuffle(name.begin(), name.end(), std::mt19937_64(7));
  std::vector<GlobalId> path, cycle;
  for (std::int64_t i = 0; i + 1 < n; ++i) path.insert(path.end(), {name[i], name[i + 1]});
  cycle = path;
  cycle.insert(cycle.end(), {name[n - 1], name[0]});
  const auto p = Graph(n, path);
  EXPECT_GT(Spread(p.View()).bandwidth, 100);
  const auto po = PermuteGraph(p.View(), ReverseCuthillMcKee(p.View()));
  EXPECT_EQ(Spread(po.View()).bandwidth, 1);
  EXPECT_DOUBLE_EQ(Spread(po.View()).mean_distance, 1.0);
  const auto c = Graph(n, cycle);
  EXPECT_EQ(Spread(PermuteGraph(c.View(), ReverseCuthillMcKee(c.View())).View()).bandwidth, 2);
}

TEST(ReverseCuthillMcKee, ComponentsStayContiguousAndIsolatedNodesArePlaced) {
  // Two triangles {0, 2, 4} and {1, 3, 5}, isolated 6 and 7: each component occupies a run of new ids.
  const auto g = Graph(8, {0, 2, 2, 4, 4, 0, 1, 3, 3, 5, 5, 1});
  const auto order = ReverseCuthillMcKee(g.View());
  ASSERT_EQ(order.size(), 8u);
  EXPECT_EQ(std::set<GlobalId>(order.begin(), order.end()).size(), 8u);
  const auto new_id = InversePermutation(order);
  for (const auto& component : std::vector<std::vector<GlobalId>>{{0, 2, 4}, {1, 3, 5}}) {
    std::vector<GlobalId> at;
    for (GlobalId v : component) at.push_back(new_id[v]);
    EXPECT_EQ(*std::max_element(at.begin(), at.end()) - *std::min_element(at.begin(), at.end()), 2)
        << "triangle " << component[0] << " is not one run of new ids";
  }
  EXPECT_EQ(ReverseCuthillMcKee(g.View()), order);  // deterministic
  EXPECT_TRUE(ReverseCuthillMcKee(Graph(0, {}).View()).empty());
}

TEST(ReverseCuthillMcKee, CoraKeepsEveryEdgeAndBringsNeighboursNearer) {
  std::vector<GlobalId> pairs;
  for (const auto& [u, v] : testing::CoraEdges()) pairs.insert(pairs.end(), {u, v});
  ASSERT_FALSE(pairs.empty()) << "data/cora/edges.txt";
  const auto g = Graph(2708, pairs);
  const auto order = ReverseCuthillMcKee(g.View());
  const auto new_id = InversePermutation(order);
  const auto r = PermuteGraph(g.View(), order);
  ValidateCsr(r.View(), "renumbered Cora");
  for (GlobalId u = 0; u < r.rows; ++u)
    EXPECT_TRUE(std::is_sorted(r.indices.begin() + r.indptr[u], r.indices.begin() + r.indptr[u + 1])) << u;
  std::vector<GlobalId> identity(2708);
  std::iota(identity.begin(), identity.end(), GlobalId{0});
  EXPECT_EQ(Edges(r, order), Edges(g, identity));  // new (i, j) named back by order[] are the old edges
  EXPECT_EQ(Edges(g, new_id), Edges(r, identity));
  // prep measured 837 -> 312 mean |i - j| and bandwidth 2657 -> 741 on this graph.
  const auto before = Spread(g.View()), after = Spread(r.View());
  EXPECT_LT(after.mean_distance, 0.5 * before.mean_distance);
  EXPECT_LT(after.bandwidth, before.bandwidth / 2);
}

TEST(PermuteRows, SparseRowsKeepTheirValuesAndDenseRowsMoveWhole) {
  Csr<std::int32_t> m;
  m.rows = 3;
  m.cols = 4;
  m.indptr = {0, 2, 2, 5};
  m.indices = {1, 3, 0, 1, 2};
  m.values = {1, 2, 3, 4, 5};
  const std::vector<GlobalId> order = {2, 0, 1};
  const auto p = PermuteRows(m.View(), order);
  EXPECT_EQ(p.indptr, (std::vector<std::int64_t>{0, 3, 5, 5}));
  EXPECT_EQ(p.indices, (std::vector<std::int32_t>{0, 1, 2, 1, 3}));
  EXPECT_EQ(p.values, (std::vector<float>{3, 4, 5, 1, 2}));
  const std::vector<float> dense = {0, 1, 10, 11, 20, 21};
  EXPECT_EQ(PermuteRows<float>(dense, 2, order), (std::vector<float>{20, 21, 0, 1, 10, 11}));
}

TEST(InversePermutation, RejectsRepeatsAndOutOfRangeEntries) {
  EXPECT_EQ(InversePermutation(std::vector<GlobalId>{2, 0, 1}), (std::vector<GlobalId>{1, 2, 0}));
  EXPECT_THROW(InversePermutation(std::vector<GlobalId>{0, 0, 1}), InternalError);
  EXPECT_THROW(InversePermutation(std::vector<GlobalId>{0, 3, 1}), InternalError);
}

}  // namespace
}  // namespace vgae::core
