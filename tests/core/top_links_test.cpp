// TopLinks: the answer does not depend on how the rows are blocked or split between accumulators (Merge),
// excluded nodes and the query itself never appear, and ties go to the smaller node id.
#include "core/top_links.h"

#include <gtest/gtest.h>

#include <random>

#include "core/error.h"

namespace vgae::core {
namespace {

RowMatrixXf RandomMu(int n, int d, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> level(-3, 3);  // coarse values: many tied logits
  RowMatrixXf mu(n, d);
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < d; ++c) mu(i, c) = static_cast<float>(level(gen));
  return mu;
}

TopLinks Make(const RowMatrixXf& mu, const std::vector<GlobalId>& q, int k) {
  RowMatrixXf qmu(static_cast<Eigen::Index>(q.size()), mu.cols());
  for (std::size_t i = 0; i < q.size(); ++i) qmu.row(static_cast<Eigen::Index>(i)) = mu.row(q[i]);
  return TopLinks(q, qmu, {{1, 2, 3}, {}, {0, 39}}, k);
}

TEST(TopLinks, SameAnswerForAnyBlockingAndAfterMerge) {
  const auto mu = RandomMu(40, 4, 11);
  const std::vector<GlobalId> q{0, 17, 39};
  auto whole = Make(mu, q, 7);
  whole.ScoreBlock(mu, 0);
  auto blocked = Make(mu, q, 7);
  for (int b = 0; b < 40; b += 3) blocked.ScoreBlock(mu.middleRows(b, std::min(3, 40 - b)), b);
  auto left = Make(mu, q, 7), right = Make(mu, q, 7);
  left.ScoreBlock(mu.topRows(25), 0);
  right.ScoreBlock(mu.bottomRows(15), 25);
  right.Merge(left);
  for (std::size_t i = 0; i < q.size(); ++i) {
    const auto a = whole.Result(i), b = blocked.Result(i), c = right.Result(i);
    ASSERT_EQ(a.size(), 7u);
    ASSERT_EQ(b.size(), 7u);
    ASSERT_EQ(c.size(), 7u);
    for (std::size_t r = 0; r < a.size(); ++r) {
      EXPECT_EQ(a[r].node, b[r].node);
      EXPECT_EQ(a[r].node, c[r].node);
      if (r > 0) {  // best first; equal logits in ascending node order
        EXPECT_GE(a[r - 1].logit, a[r].logit);
        if (a[r - 1].logit == a[r].logit) {
          EXPECT_LT(a[r - 1].node, a[r].node);
        }
      }
    }
  }
}

TEST(TopLinks, NeverListsTheQueryOrItsExcludedNodes) {
  RowMatrixXf mu = RowMatrixXf::Ones(5, 2);  // everything ties: only exclusions and ids decide
  TopLinks top({2}, mu.row(2), {{4, 0}}, 10);
  top.ScoreBlock(mu, 0);
  const auto links = top.Result(0);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].node, 1);
  EXPECT_EQ(links[1].node, 3);
  EXPECT_FLOAT_EQ(links[0].logit, 2.0f);
}

TEST(TopLinks, RejectsNonPositiveK) {
  RowMatrixXf mu = RowMatrixXf::Ones(2, 2);
  EXPECT_THROW(TopLinks({0}, mu.row(0), {{}}, 0), ConfigError);
}

TEST(Sigmoid, IsStableAtLargeMagnitudes) {
  EXPECT_DOUBLE_EQ(Sigmoid(0), 0.5);
  EXPECT_NEAR(Sigmoid(800), 1.0, 1e-15);
  EXPECT_GT(Sigmoid(-700), 0.0);
  EXPECT_NEAR(Sigmoid(-2) + Sigmoid(2), 1.0, 1e-15);
}

}  // namespace
}  // namespace vgae::core
