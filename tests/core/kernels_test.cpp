// The dense-math kernels against references: SpMM / SpMMTransposeAdd against Eigen dense products in double,
// the GCN operator against D^-1/2 (A+I) D^-1/2 computed densely, RowNormalize, ValidateCsr, and Adam against
// PyTorch's torch.optim.Adam (numbers pasted from the snippet next to them).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "testing/random_matrix.h"
#include "core/adam.h"
#include "core/csr.h"
#include "core/error.h"
#include "core/gcn_operator.h"
#include "core/spmm.h"

namespace vgae::core {
namespace {

template <typename Index>
Csr<Index> RandomCsr(std::int64_t rows, std::int64_t cols, double density, bool pattern, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(-2.0f, 2.0f), coin(0.0f, 1.0f);
  Csr<Index> a;
  a.rows = rows;
  a.cols = cols;
  for (std::int64_t i = 0; i < rows; ++i) {
    for (std::int64_t j = 0; j < cols; ++j)
      if (coin(rng) < density) {
        a.indices.push_back(static_cast<Index>(j));
        if (!pattern) a.values.push_back(value(rng));
      }
    a.indptr.push_back(static_cast<std::int64_t>(a.indices.size()));
  }
  return a;
}

template <typename Index>
RowMatrixXd Dense(const Csr<Index>& a) {
  RowMatrixXd d = RowMatrixXd::Zero(a.rows, a.cols);
  const auto v = a.View();
  for (std::int64_t i = 0; i < a.rows; ++i)
    for (auto k = a.indptr[i]; k < a.indptr[i + 1]; ++k) d(i, a.indices[k]) += v.Value(k);
  return d;
}


double RelErr(const RowMatrixXf& found, const RowMatrixXd& expected) {
  return (found.cast<double>() - expected).norm() / std::max(expected.norm(), 1e-30);
}

template <typename Index>
void CheckSpMM(bool pattern) {
  const auto a = RandomCsr<Index>(37, 23, 0.3, pattern, 1);
  const RowMatrixXf m = vgae::testing::RandomMatrix(23, 9, 2);
  RowMatrixXf out = RowMatrixXf::Constant(37, 9, 99.0f);  // SpMM must overwrite
  SpMM(a.View(), m, out);
  const RowMatrixXd expected = Dense(a) * m.cast<double>();
  EXPECT_LT(RelErr(out, expected), 1e-5);
  EXPECT_GT(expected.norm(), 1.0);
}

TEST(SpMM, MatchesDenseProductInt32Indices) { CheckSpMM<std::int32_t>(false); }
TEST(SpMM, MatchesDenseProductInt64Indices) { CheckSpMM<std::int64_t>(false); }
TEST(SpMM, PatternMatrixMultipliesByOnes) { CheckSpMM<std::int32_t>(true); }

TEST(SpMM, RowRangeWritesOnlyThoseRows) {
  const auto a = RandomCsr<std::int32_t>(20, 11, 0.4, false, 3);
  const RowMatrixXf m = vgae::testing::RandomMatrix(11, 5, 4);
  RowMatrixXf out = RowMatrixXf::Constant(20, 5, 7.0f);
  SpMM(a.View(), m, out, 6, 13);
  const RowMatrixXd expected = Dense(a) * m.cast<double>();
  for (Eigen::Index i = 0; i < 20; ++i) {
    if (i >= 6 && i < 13) {
      EXPECT_LT((out.row(i).cast<double>() - expected.row(i)).norm(), 1e-5 * (1 + expected.row(i).norm())) << i;
    } else {
      EXPECT_EQ(out.row(i), RowMatrixXf::Constant(1, 5, 7.0f)) << "row " << i << " outside the range was written";
    }
  }
}

template <typename Index>
void CheckTransposeAdd() {
  const auto a = RandomCsr<Index>(31, 17, 0.3, false, 5);
  const RowMatrixXf m = vgae::testing::RandomMatrix(31, 6, 6);
  const RowMatrixXf start = vgae::testing::RandomMatrix(17, 6, 7);
  RowMatrixXf out = start;
  SpMMTransposeAdd(a.View(), m, out);
  const RowMatrixXd expected = start.cast<double>() + Dense(a).transpose() * m.cast<double>();
  EXPECT_LT(RelErr(out, expected), 1e-5);
}

TEST(SpMMTransposeAdd, AddsTransposedProductInt32Indices) { CheckTransposeAdd<std::int32_t>(); }
TEST(SpMMTransposeAdd, AddsTransposedProductInt64Indices) { CheckTransposeAdd<std::int64_t>(); }

// Triangle 0-1-2 plus isolated node 3.
Csr<LocalId> TriangleAdj() {
  Csr<LocalId> adj;
  adj.rows = adj.cols = 4;
  adj.indptr = {0, 2, 4, 6, 6};
  adj.indices = {1, 2, 0, 2, 0, 1};
  return adj;
}

TEST(GcnOperator, EqualsSymmetricNormalizedAdjacencyWithSelfLoops) {
  const auto adj = TriangleAdj();
  const std::vector<std::int64_t> degree{2, 2, 2, 0};
  const std::vector<GlobalId> gid{0, 1, 2, 3};
  const auto s = BuildGcnOperator(adj.View(), degree, gid);
  ValidateCsr(s.View(), "S");
  RowMatrixXd a = Dense(adj) + RowMatrixXd::Identity(4, 4);
  const Eigen::VectorXd dinv = a.rowwise().sum().cwiseSqrt().cwiseInverse();
  const RowMatrixXd expected = dinv.asDiagonal() * a * dinv.asDiagonal();
  EXPECT_LT((Dense(s) - expected).cwiseAbs().maxCoeff(), 1e-7);
  EXPECT_NEAR(Dense(s)(0, 1), 1.0 / 3.0, 1e-7);
  EXPECT_NEAR(Dense(s)(3, 3), 1.0, 1e-7);
  EXPECT_EQ(s.indptr, (std::vector<std::int64_t>{0, 3, 6, 9, 10}));
}

// Local ids permuted against global ids, and a halo: rows are the owned local rows 0..1, columns 0..3; entries of
// each row must come in ascending global id, and values use the degrees of both ends (halo degrees included).
TEST(GcnOperator, RowsOrderedByGlobalIdWithHaloColumns) {
  // Global graph: triangle {10, 20, 30} plus 30-40. Locals: 0 -> 30, 1 -> 10 (owned); 2 -> 40, 3 -> 20 (halo).
  const std::vector<GlobalId> gid{30, 10, 40, 20};
  const std::vector<std::int64_t> degree{3, 2, 1, 2};
  Csr<LocalId> adj;
  adj.rows = 2;
  adj.cols = 4;
  adj.indptr = {0, 3, 5};
  adj.indices = {2, 1, 3, 3, 0};  // deliberately unsorted
  const auto s = BuildGcnOperator(adj.View(), degree, gid);
  ValidateCsr(s.View(), "S");
  ASSERT_EQ(s.indptr, (std::vector<std::int64_t>{0, 4, 7}));
  EXPECT_EQ(s.indices, (std::vector<LocalId>{1, 3, 0, 2, 1, 3, 0}));  // gids 10 20 30 40 | 10 20 30
  for (std::int64_t i = 0; i < s.rows; ++i)
    for (auto k = s.indptr[i]; k < s.indptr[i + 1]; ++k) {
      const double expected = 1.0 / std::sqrt(static_cast<double>((degree[i] + 1) * (degree[s.indices[k]] + 1)));
      EXPECT_NEAR(s.values[k], expected, 1e-7) << "row " << i << " col " << s.indices[k];
    }
}

TEST(RowNormalize, RowsSumToOneAndEmptyRowsStayZero) {
  auto x = RandomCsr<std::int32_t>(12, 8, 0.4, false, 9);
  for (auto& v : x.values) v = std::abs(v) + 0.1f;
  // Make row 4 empty.
  Csr<std::int32_t> y;
  y.rows = x.rows;
  y.cols = x.cols;
  for (std::int64_t i = 0; i < x.rows; ++i) {
    if (i != 4)
      for (auto k = x.indptr[i]; k < x.indptr[i + 1]; ++k) {
        y.indices.push_back(x.indices[k]);
        y.values.push_back(x.values[k]);
      }
    y.indptr.push_back(static_cast<std::int64_t>(y.indices.size()));
  }
  const RowMatrixXd before = Dense(y);
  RowNormalize(y);
  const RowMatrixXd after = Dense(y);
  for (Eigen::Index i = 0; i < after.rows(); ++i) {
    if (i == 4) {
      EXPECT_EQ(after.row(i).cwiseAbs().sum(), 0.0);
      continue;
    }
    EXPECT_NEAR(after.row(i).sum(), 1.0, 1e-6) << i;
    EXPECT_LT((after.row(i) - before.row(i) / before.row(i).sum()).cwiseAbs().maxCoeff(), 1e-7) << i;
  }
}

TEST(RowNormalize, PatternMatrixGetsOneOverRowCount) {
  Csr<std::int32_t> x;
  x.rows = 2;
  x.cols = 5;
  x.indptr = {0, 4, 5};
  x.indices = {0, 1, 3, 4, 2};
  RowNormalize(x);
  EXPECT_EQ(x.values, (std::vector<float>{0.25f, 0.25f, 0.25f, 0.25f, 1.0f}));
}

TEST(RowNormalize, L2RowsHaveUnitNormAndKeepDirection) {
  auto x = RandomCsr<std::int32_t>(12, 8, 0.4, false, 5);
  const RowMatrixXd before = Dense(x);
  RowNormalizeL2(x);
  const RowMatrixXd after = Dense(x);
  for (Eigen::Index i = 0; i < after.rows(); ++i) {
    const double n = before.row(i).norm();
    if (n == 0.0) {
      EXPECT_EQ(after.row(i).norm(), 0.0);
      continue;
    }
    EXPECT_NEAR(after.row(i).norm(), 1.0, 1e-6) << i;
    EXPECT_LT((after.row(i) - before.row(i) / n).cwiseAbs().maxCoeff(), 1e-7) << i;
  }
}

TEST(RowNormalize, L2OfPatternRowIsOneOverSqrtCountAndEmptyRowStays) {
  Csr<std::int32_t> x;
  x.rows = 3;
  x.cols = 5;
  x.indptr = {0, 4, 4, 5};
  x.indices = {0, 1, 3, 4, 2};
  RowNormalizeL2(x);
  EXPECT_EQ(x.values, (std::vector<float>{0.5f, 0.5f, 0.5f, 0.5f, 1.0f}));
  EXPECT_EQ(x.indptr, (std::vector<std::int64_t>{0, 4, 4, 5}));
}

TEST(RowNormalize, MeanTargetScalesRowsToTheGivenSum) {
  Csr<std::int32_t> x;
  x.rows = 2;
  x.cols = 4;
  x.indptr = {0, 2, 4};
  x.indices = {0, 1, 2, 3};
  x.values = {1.0f, 3.0f, 2.0f, 2.0f};
  EXPECT_DOUBLE_EQ(ValueSum(x), 8.0);
  RowNormalize(x, 4.0);
  EXPECT_EQ(x.values, (std::vector<float>{1.0f, 3.0f, 2.0f, 2.0f}));
  RowNormalize(x, 2.0);
  EXPECT_EQ(x.values, (std::vector<float>{0.5f, 1.5f, 1.0f, 1.0f}));
}

TEST(ValidateCsr, RejectsBrokenViews) {
  Csr<std::int32_t> good;
  good.rows = 2;
  good.cols = 3;
  good.indptr = {0, 2, 3};
  good.indices = {0, 2, 1};
  EXPECT_NO_THROW(ValidateCsr(good.View(), "good"));
  auto bad_col = good;
  bad_col.indices[1] = 3;
  EXPECT_THROW(ValidateCsr(bad_col.View(), "bad col"), InternalError);
  auto decreasing = good;
  decreasing.indptr = {0, 3, 2};
  EXPECT_THROW(ValidateCsr(decreasing.View(), "decreasing"), InternalError);
  auto bad_values = good;
  bad_values.values = {1.0f};
  EXPECT_THROW(ValidateCsr(bad_values.View(), "values"), InternalError);
}

// Reference (python3-torch):
//   for lr,b1,b2,eps in [(0.01,0.9,0.999,1e-8),(0.1,0.8,0.99,1e-3)]:
//     p=torch.tensor([0.5,-1.0,2.0,0.0],dtype=torch.float64,requires_grad=True)
//     opt=torch.optim.Adam([p],lr=lr,betas=(b1,b2),eps=eps)
//     for g in ([0.1,-0.2,0.3,0.0],[-0.05,0.4,0.3,1e-3]):
//       p.grad=torch.tensor(g,dtype=torch.float64); opt.step(); print(p.tolist())
struct AdamCase {
  AdamConfig config;
  std::vector<double> after1, after2;
};

TEST(Adam, TwoStepsMatchPyTorch) {
  const std::vector<AdamCase> cases{
      {{0.01f, 0.9f, 0.999f, 1e-8f},
       {0.4900000009999999, -0.9900000005, 1.9900000003333334, 0.0},
       {0.4873366309403391, -0.9936610356546037, 1.9800000006666667, -0.007441263026631013}},
      // A large eps exposes where eps is added (after the bias-corrected sqrt, as PyTorch does).
      {{0.1f, 0.8f, 0.99f, 1e-3f},
       {0.400990099009901, -0.900497512437811, 1.9003322259136213, 0.0},
       {0.3801405213052436, -0.9424652804637974, 1.8006644518272426, -0.03250989910400739}},
  };
  const std::vector<float> g1{0.1f, -0.2f, 0.3f, 0.0f}, g2{-0.05f, 0.4f, 0.3f, 1e-3f};
  for (const auto& c : cases) {
    std::vector<float> p{0.5f, -1.0f, 2.0f, 0.0f};
    Adam adam(p.size(), c.config);
    adam.Step(p, g1);
    for (std::size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p[i], c.after1[i], 2e-6) << "step 1, entry " << i;
    adam.Step(p, g2);
    for (std::size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p[i], c.after2[i], 2e-6) << "step 2, entry " << i;
    EXPECT_EQ(adam.StepCount(), 2);
  }
}

// Resuming from saved moments and step count continues exactly where an uninterrupted run would be.
TEST(Adam, RestoredStateContinuesIdentically) {
  const std::vector<float> g1{0.3f, -0.1f}, g2{0.2f, 0.5f};
  std::vector<float> p{1.0f, 2.0f};
  Adam a(2, {});
  a.Step(p, g1);
  const std::vector<float> after1 = p;
  std::vector<float> q = after1;
  Adam b(2, {});
  std::copy(a.FirstMoment().begin(), a.FirstMoment().end(), b.FirstMoment().begin());
  std::copy(a.SecondMoment().begin(), a.SecondMoment().end(), b.SecondMoment().begin());
  b.SetStepCount(a.StepCount());
  a.Step(p, g2);
  b.Step(q, g2);
  EXPECT_EQ(p, q);
  Adam fresh(2, {});  // without the state the second step differs (bias correction of step 1)
  std::vector<float> r = after1;
  fresh.Step(r, g2);
  EXPECT_NE(r, p);
}

}  // namespace
}  // namespace vgae::core
