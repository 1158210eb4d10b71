// The DC-SBM generator: ids are a bijection of (community, position), θ has mean 1 per community, rows
// assembled block by block equal the rows assembled whole, and the generated graph has the structure the
// model promises (mixing fraction, degrees following θ, a heavy tail, community features).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/dcsbm.h"
#include "core/error.h"

namespace vgae::core {
namespace {

DcsbmParams Small(std::int64_t nodes) {
  DcsbmParams p;
  p.nodes = nodes;
  p.avg_degree = 12;
  p.communities = 7;  // does not divide the node count: communities of two sizes
  p.feature_dim = 5;  // odd: the last normal pair is half used
  p.seed = 9;
  return p;
}

Csr<GlobalId> Whole(const Dcsbm& m) {
  const auto n = m.Params().nodes;
  const auto drawn = m.DrawBlock(0, n);
  std::vector<int> counts;
  const std::vector<GlobalId> vtxdist{0, n};
  const auto reversed = ReversedByOwner(0, drawn, vtxdist, counts);
  return AssembleRows(n, 0, drawn, reversed);
}

TEST(Dcsbm, CommunitiesHaveNearEqualSizesAndThetaMeanOne) {
  const Dcsbm m(Small(1000));
  std::vector<std::int64_t> size(7, 0);
  std::vector<double> theta(7, 0);
  for (GlobalId u = 0; u < 1000; ++u) {
    const auto c = m.Community(u);
    ASSERT_GE(c, 0);
    ASSERT_LT(c, 7);
    ++size[c];
    theta[c] += m.Theta(u);
  }
  for (int c = 0; c < 7; ++c) {
    EXPECT_TRUE(size[c] == 142 || size[c] == 143) << size[c];
    EXPECT_NEAR(theta[c] / static_cast<double>(size[c]), 1.0, 1e-9);
  }
}

TEST(Dcsbm, BlocksAssembleToTheWholeGraph) {
  const Dcsbm m(Small(3000));
  const auto whole = Whole(m);
  ValidateCsr(whole.View(), "generated graph");
  // Three uneven blocks exchanged by hand, as the ranks of `gen` do.
  const std::vector<GlobalId> vtxdist{0, 400, 400, 3000};
  std::vector<Csr<GlobalId>> drawn;
  std::vector<std::vector<GlobalId>> inbox(3);
  for (std::size_t r = 0; r < 3; ++r) {
    drawn.push_back(m.DrawBlock(vtxdist[r], vtxdist[r + 1]));
    std::vector<int> counts;
    const auto pairs = ReversedByOwner(vtxdist[r], drawn.back(), vtxdist, counts);
    std::size_t at = 0;
    for (std::size_t p = 0; p < 3; ++p) {
      inbox[p].insert(inbox[p].end(), pairs.begin() + static_cast<std::ptrdiff_t>(at),
                      pairs.begin() + static_cast<std::ptrdiff_t>(at + static_cast<std::size_t>(counts[p])));
      at += static_cast<std::size_t>(counts[p]);
    }
  }
  std::vector<GlobalId> indices;
  std::vector<std::int64_t> indptr{0};
  for (std::size_t r = 0; r < 3; ++r) {
    const auto rows = AssembleRows(3000, vtxdist[r], drawn[r], inbox[r]);
    for (std::int64_t i = 0; i < rows.rows; ++i) indptr.push_back(indptr.back() + rows.indptr[i + 1] - rows.indptr[i]);
    indices.insert(indices.end(), rows.indices.begin(), rows.indices.end());
  }
  EXPECT_EQ(indptr, whole.indptr);
  EXPECT_EQ(indices, whole.indices);
}

TEST(Dcsbm, GraphIsSymmetricWithTheModelsStructure) {
  auto params = Small(20000);
  params.mixing = 0.2;
  const Dcsbm m(params);
  const auto g = Whole(m);
  std::int64_t cross = 0, max_degree = 0;
  double dot = 0, tt = 0, dd = 0, mean_degree = static_cast<double>(g.Nnz()) / 20000.0;
  for (GlobalId u = 0; u < g.rows; ++u) {
    const auto degree = g.indptr[u + 1] - g.indptr[u];
    max_degree = std::max(max_degree, degree);
    const double t = m.Theta(u) - 1.0, d = static_cast<double>(degree) - mean_degree;
    dot += t * d;
    tt += t * t;
    dd += d * d;
    for (auto k = g.indptr[u]; k < g.indptr[u + 1]; ++k) {
      const auto v = g.indices[k];
      ASSERT_NE(v, u);
      if (k > g.indptr[u]) {
        ASSERT_LT(g.indices[k - 1], v);
      }
      const auto back = std::equal_range(g.indices.begin() + g.indptr[v], g.indices.begin() + g.indptr[v + 1], u);
      ASSERT_EQ(back.second - back.first, 1) << u << "-" << v << " has no reverse";
      cross += m.Community(u) != m.Community(v);
    }
  }
  // Duplicate draws merge, mostly between hubs: the mean degree lands a little below d.
  EXPECT_GT(mean_degree, 0.85 * params.avg_degree);
  EXPECT_LT(mean_degree, params.avg_degree);
  EXPECT_NEAR(static_cast<double>(cross) / static_cast<double>(g.Nnz()), 0.2, 0.02);
  EXPECT_GT(dot / std::sqrt(tt * dd), 0.9);  // degrees follow θ
  EXPECT_GT(max_degree, 20 * params.avg_degree);  // power-law tail
}

TEST(Dcsbm, FeaturesAreCloserToTheirOwnCommunity) {
  auto params = Small(2000);
  params.feature_dim = 16;
  const Dcsbm m(params);
  std::vector<std::vector<double>> mean(7, std::vector<double>(16, 0.0));
  std::vector<float> x(16);
  for (GlobalId u = 0; u < 2000; ++u) {
    m.Features(u, x);
    for (int j = 0; j < 16; ++j) mean[m.Community(u)][j] += x[j] / 2000.0 * 7.0;
  }
  std::int64_t nearest_own = 0;
  for (GlobalId u = 0; u < 2000; ++u) {
    m.Features(u, x);
    int best = -1;
    double best_d = 1e300;
    for (int c = 0; c < 7; ++c) {
      double d = 0;
      for (int j = 0; j < 16; ++j) d += (x[j] - mean[c][j]) * (x[j] - mean[c][j]);
      if (d < best_d) best_d = d, best = c;
    }
    nearest_own += best == m.Community(u);
  }
  EXPECT_GT(nearest_own, 1400);  // chance is 1/7
}

TEST(Dcsbm, RefusesBadParameters) {
  auto p = Small(100);
  p.exponent = 2.0;
  EXPECT_THROW(Dcsbm{p}, ConfigError);
  p = Small(100);
  p.communities = 0;
  EXPECT_THROW(Dcsbm{p}, ConfigError);
  p = Small(100);
  p.avg_degree = 100;
  EXPECT_THROW(Dcsbm{p}, ConfigError);
}

}  // namespace
}  // namespace vgae::core
