// SplitEdges' progress callback on real Cora: fractions that only grow, end at exactly 1, about one call per 1%
// of the work, and a split identical to the one made without a callback (reporting must not touch the RNG).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/edge_split.h"
#include "core/graph_build.h"
#include "testing/cora_edges.h"

namespace vgae::core {
namespace {

Csr<GlobalId> CoraGraph() {
  std::vector<GlobalId> src, dst;
  for (const auto& [u, v] : testing::CoraEdges()) src.push_back(u), dst.push_back(v);
  return BuildSymmetricGraph(testing::kCoraNodes, src, dst);
}

TEST(SplitProgress, ReportsGrowingFractionsEndingAtOneWithoutChangingTheSplit) {
  const auto g = CoraGraph();
  ASSERT_EQ(g.Nnz() / 2, 5278);
  std::vector<double> f;
  const auto with = SplitEdges(g.View(), 0.05, 0.10, 7, [&](double x) { f.push_back(x); });
  const auto without = SplitEdges(g.View(), 0.05, 0.10, 7);
  ASSERT_FALSE(f.empty());
  EXPECT_GE(f.size(), 90u);
  EXPECT_LE(f.size(), 102u);
  EXPECT_GT(f.front(), 0.0);
  for (std::size_t i = 1; i < f.size(); ++i) EXPECT_GT(f[i], f[i - 1]) << "call " << i;
  EXPECT_EQ(f.back(), 1.0);
  EXPECT_EQ(with.train, without.train);
  EXPECT_EQ(with.val_pos, without.val_pos);
  EXPECT_EQ(with.test_neg, without.test_neg);
}

}  // namespace
}  // namespace vgae::core
