// Tests for vgae_partition: METIS on real Cora against the hash baseline, exact quality figures on hand-made
// tiny graphs (path, triangle, two components, edgeless), argument errors, and the rank-major node order.
#include "partition/partition.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace vgae::partition {
namespace {

using Graph = core::Csr<GlobalId>;
using Edge = std::pair<GlobalId, GlobalId>;

// Symmetric CSR with sorted, de-duplicated rows from undirected edges u != v.
Graph FromEdges(std::int64_t n, const std::vector<Edge>& edges) {
  std::vector<std::vector<GlobalId>> rows(static_cast<std::size_t>(n));
  for (const auto& [u, v] : edges) {
    rows[u].push_back(v);
    rows[v].push_back(u);
  }
  Graph g;
  g.rows = g.cols = n;
  for (auto& row : rows) {
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    g.indices.insert(g.indices.end(), row.begin(), row.end());
    g.indptr.push_back(static_cast<std::int64_t>(g.indices.size()));
  }
  return g;
}

// Minimal reader for data/<name>/edges.txt: '#' comment lines, then one "u v" edge per line.
Graph LoadEdgeList(const std::string& path, std::int64_t n) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<Edge> edges;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    GlobalId u = -1, v = -1;
    if (!(fields >> u >> v) || u < 0 || v < 0 || u >= n || v >= n || u == v) {
      throw std::runtime_error("bad edge line in " + path + ": " + line);
    }
    edges.emplace_back(u, v);
  }
  return FromEdges(n, edges);
}

const Graph& Cora() {
  static const Graph g = LoadEdgeList(std::string(VGAE_DATA_DIR) + "/cora/edges.txt", 2708);
  return g;
}

TEST(CoraFixture, HasPublishedNodeAndEdgeCounts) {
  EXPECT_EQ(Cora().rows, 2708);
  EXPECT_EQ(Cora().Nnz(), 2 * 5278);
}

TEST(PartitionGraph, MetisOnCoraIsBalancedNonEmptyAndCutsFarFewerEdgesThanHash) {
  const auto g = Cora().View();
  for (const int k : {2, 4, 8}) {
    const auto metis = PartitionGraph(g, k, Method::kMetis, 7);
    const auto hash = PartitionGraph(g, k, Method::kHash, 7);
    ASSERT_EQ(metis.size(), 2708u);
    for (const Rank p : metis) ASSERT_TRUE(p >= 0 && p < k) << p;
    const auto qm = EvaluatePartition(g, metis, k);
    const auto qh = EvaluatePartition(g, hash, k);
    for (const auto size : qm.part_sizes) EXPECT_GT(size, 0) << "K=" << k;
    EXPECT_LE(qm.imbalance, 1.05) << "K=" << k;
    EXPECT_LT(2 * qm.edge_cut, qh.edge_cut) << "K=" << k;
    std::cout << "Cora K=" << k << ": metis cut " << qm.edge_cut << " (" << qm.edge_cut_fraction
              << ", imbalance " << qm.imbalance << ", max halo " << qm.max_halo << "); hash cut "
              << qh.edge_cut << " (" << qh.edge_cut_fraction << ", imbalance " << qh.imbalance
              << ", max halo " << qh.max_halo << ")\n";
  }
}

TEST(PartitionGraph, MetisIsDeterministicForAFixedSeed) {
  const auto g = Cora().View();
  EXPECT_EQ(PartitionGraph(g, 4, Method::kMetis, 123), PartitionGraph(g, 4, Method::kMetis, 123));
}

TEST(PartitionGraph, HashIsDeterministicSeedDependentAndRoughlyBalanced) {
  const auto g = Cora().View();
  const auto a = PartitionGraph(g, 8, Method::kHash, 1);
  EXPECT_EQ(a, PartitionGraph(g, 8, Method::kHash, 1));
  EXPECT_NE(a, PartitionGraph(g, 8, Method::kHash, 2));
  const auto q = EvaluatePartition(g, a, 8);
  EXPECT_LE(q.imbalance, 1.25);
  for (const auto size : q.part_sizes) EXPECT_GT(size, 0);
}

TEST(PartitionGraph, BlockGivesContiguousBlocksWithTheRemainderFirst) {
  const Graph g = FromEdges(10, {});
  EXPECT_EQ(PartitionGraph(g.View(), 4, Method::kBlock, 0),
            (std::vector<Rank>{0, 0, 0, 1, 1, 1, 2, 2, 3, 3}));
  EXPECT_EQ(PartitionGraph(g.View(), 10, Method::kBlock, 0),
            (std::vector<Rank>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(PartitionGraph, OnePartIsAllZeroForEveryMethod) {
  const auto g = Cora().View();
  for (const Method m : {Method::kMetis, Method::kHash, Method::kBlock}) {
    const auto part = PartitionGraph(g, 1, m, 5);
    EXPECT_EQ(part, std::vector<Rank>(2708, 0)) << MethodName(m);
  }
}

TEST(PartitionGraph, EdgelessAndIsolatedNodeGraphsWorkForEveryMethod) {
  const Graph empty = FromEdges(5, {});
  // A path 0-1-2-3 plus isolated nodes 4..9.
  const Graph sparse = FromEdges(10, {{0, 1}, {1, 2}, {2, 3}});
  for (const Method m : {Method::kMetis, Method::kHash, Method::kBlock}) {
    for (const int k : {2, 5}) {
      const auto part = PartitionGraph(empty.View(), k, m, 3);
      ASSERT_EQ(part.size(), 5u);
      for (const Rank p : part) EXPECT_TRUE(p >= 0 && p < k) << MethodName(m);
      if (m != Method::kHash) {
        EXPECT_LE(EvaluatePartition(empty.View(), part, k).imbalance, 1.2) << MethodName(m);
      }
    }
    const auto part = PartitionGraph(sparse.View(), 2, m, 3);
    ASSERT_EQ(part.size(), 10u);
    for (const Rank p : part) EXPECT_TRUE(p == 0 || p == 1) << MethodName(m);
  }
}

TEST(PartitionGraph, RejectsPartCountsOutsideOneToN) {
  const Graph g = FromEdges(3, {{0, 1}, {1, 2}});
  for (const Method m : {Method::kMetis, Method::kHash, Method::kBlock}) {
    EXPECT_THROW(PartitionGraph(g.View(), 4, m, 0), PartitionError) << MethodName(m);
    EXPECT_THROW(PartitionGraph(g.View(), 0, m, 0), PartitionError) << MethodName(m);
    EXPECT_THROW(PartitionGraph(g.View(), -2, m, 0), PartitionError) << MethodName(m);
    EXPECT_NO_THROW(PartitionGraph(g.View(), 3, m, 0)) << MethodName(m);
  }
}

TEST(Method, NamesRoundTripAndUnknownNamesAreConfigErrors) {
  for (const Method m : {Method::kMetis, Method::kHash, Method::kBlock, Method::kPtScotch})
    EXPECT_EQ(ParseMethod(MethodName(m)), m);
  EXPECT_EQ(ParseMethod("metis"), Method::kMetis);
  EXPECT_THROW(ParseMethod("METIS"), ConfigError);
  EXPECT_THROW(ParseMethod(""), ConfigError);
  // ptscotch is distributed (dist/ptscotch_kway.h): asking the in-memory dispatcher for it is a caller bug.
  EXPECT_THROW(PartitionGraph(Cora().View(), 2, Method::kPtScotch, 1), InternalError);
}

TEST(EvaluatePartition, PathSplitInTheMiddleCutsOneEdge) {
  const Graph g = FromEdges(4, {{0, 1}, {1, 2}, {2, 3}});
  const auto q = EvaluatePartition(g.View(), std::vector<Rank>{0, 0, 1, 1}, 2);
  EXPECT_EQ(q.parts, 2);
  EXPECT_EQ(q.edge_cut, 1);
  EXPECT_DOUBLE_EQ(q.edge_cut_fraction, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(q.imbalance, 1.0);
  EXPECT_EQ(q.part_sizes, (std::vector<std::int64_t>{2, 2}));
  EXPECT_EQ(q.halo_sizes, (std::vector<std::int64_t>{1, 1}));
  EXPECT_EQ(q.max_halo, 1);
}

TEST(EvaluatePartition, AlternatingPathCutsEveryEdge) {
  const Graph g = FromEdges(4, {{0, 1}, {1, 2}, {2, 3}});
  const auto q = EvaluatePartition(g.View(), std::vector<Rank>{0, 1, 0, 1}, 2);
  EXPECT_EQ(q.edge_cut, 3);
  EXPECT_DOUBLE_EQ(q.edge_cut_fraction, 1.0);
  EXPECT_EQ(q.halo_sizes, (std::vector<std::int64_t>{2, 2}));  // part 0 sees {1, 3}; part 1 sees {0, 2}
  EXPECT_EQ(q.max_halo, 2);
}

TEST(EvaluatePartition, TriangleCountsAHaloNodeOncePerPart) {
  const Graph g = FromEdges(3, {{0, 1}, {1, 2}, {0, 2}});
  const auto q = EvaluatePartition(g.View(), std::vector<Rank>{0, 0, 1}, 2);
  EXPECT_EQ(q.edge_cut, 2);
  EXPECT_DOUBLE_EQ(q.edge_cut_fraction, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(q.imbalance, 2.0 / 1.5);
  EXPECT_EQ(q.part_sizes, (std::vector<std::int64_t>{2, 1}));
  // Node 2 touches both nodes of part 0 but is one halo node; part 1 sees nodes 0 and 1.
  EXPECT_EQ(q.halo_sizes, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(q.max_halo, 2);
}

TEST(EvaluatePartition, ComponentsInSeparatePartsHaveNoCutAndAnEmptyPartCounts) {
  const Graph g = FromEdges(5, {{0, 1}, {1, 2}, {0, 2}, {3, 4}});
  const std::vector<Rank> part{0, 0, 0, 1, 1};
  const auto q2 = EvaluatePartition(g.View(), part, 2);
  EXPECT_EQ(q2.edge_cut, 0);
  EXPECT_DOUBLE_EQ(q2.edge_cut_fraction, 0.0);
  EXPECT_DOUBLE_EQ(q2.imbalance, 3.0 / 2.5);
  EXPECT_EQ(q2.halo_sizes, (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(q2.max_halo, 0);
  const auto q3 = EvaluatePartition(g.View(), part, 3);
  EXPECT_EQ(q3.part_sizes, (std::vector<std::int64_t>{3, 2, 0}));
  EXPECT_DOUBLE_EQ(q3.imbalance, 3.0 / (5.0 / 3.0));
}

TEST(EvaluatePartition, EdgelessGraphHasZeroCutAndZeroCutFraction) {
  const Graph g = FromEdges(5, {});
  const auto q = EvaluatePartition(g.View(), std::vector<Rank>{0, 1, 0, 1, 0}, 2);
  EXPECT_EQ(q.edge_cut, 0);
  EXPECT_DOUBLE_EQ(q.edge_cut_fraction, 0.0);
  EXPECT_DOUBLE_EQ(q.imbalance, 3.0 / 2.5);
  EXPECT_EQ(q.part_sizes, (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(q.halo_sizes, (std::vector<std::int64_t>{0, 0}));
}

TEST(EvaluatePartition, RejectsWrongLengthAndOutOfRangeParts) {
  const Graph g = FromEdges(3, {{0, 1}, {1, 2}});
  EXPECT_THROW(EvaluatePartition(g.View(), std::vector<Rank>{0, 1}, 2), PartitionError);
  EXPECT_THROW(EvaluatePartition(g.View(), std::vector<Rank>{0, 1, 0, 1}, 2), PartitionError);
  EXPECT_THROW(EvaluatePartition(g.View(), std::vector<Rank>{0, 2, 1}, 2), PartitionError);
  EXPECT_THROW(EvaluatePartition(g.View(), std::vector<Rank>{0, -1, 1}, 2), PartitionError);
  EXPECT_THROW(EvaluatePartition(g.View(), std::vector<Rank>{0, 0, 0}, 0), PartitionError);
}

TEST(MakePartitionOrder, GroupsIdsByPartInAscendingOrder) {
  const auto po = MakePartitionOrder(std::vector<Rank>{1, 0, 1, 3, 0}, 4);
  EXPECT_EQ(po.order, (std::vector<GlobalId>{1, 4, 0, 2, 3}));
  EXPECT_EQ(po.vtxdist, (std::vector<std::int64_t>{0, 2, 4, 4, 5}));  // part 2 is empty
  EXPECT_THROW(MakePartitionOrder(std::vector<Rank>{0, 4}, 4), PartitionError);
}

TEST(MakePartitionOrder, IsAPermutationWhoseSegmentsMatchTheMetisParts) {
  const auto g = Cora().View();
  const int k = 4;
  const auto part = PartitionGraph(g, k, Method::kMetis, 11);
  const auto po = MakePartitionOrder(part, k);
  const auto q = EvaluatePartition(g, part, k);
  ASSERT_EQ(po.vtxdist.size(), static_cast<std::size_t>(k) + 1);
  EXPECT_EQ(po.vtxdist.front(), 0);
  EXPECT_EQ(po.vtxdist.back(), 2708);
  for (int r = 0; r < k; ++r) {
    EXPECT_EQ(po.vtxdist[r + 1] - po.vtxdist[r], q.part_sizes[r]);
    for (std::int64_t i = po.vtxdist[r]; i < po.vtxdist[r + 1]; ++i) {
      ASSERT_EQ(part[po.order[i]], r);
      if (i > po.vtxdist[r]) {
        ASSERT_LT(po.order[i - 1], po.order[i]);
      }
    }
  }
  std::vector<GlobalId> sorted = po.order;
  std::sort(sorted.begin(), sorted.end());
  std::vector<GlobalId> ids(2708);
  std::iota(ids.begin(), ids.end(), GlobalId{0});
  EXPECT_EQ(sorted, ids);
}

}  // namespace
}  // namespace vgae::partition
