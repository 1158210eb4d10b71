// Finite-difference checks of every analytic gradient in core/: the encoder's Backward for VGAE and GAE under
// each loss term (sampled pair BCE, KL, dense weighted BCE) alone and combined, and the loss kernels' dL/dZ.
//
// Central differences in float with the loss accumulated in double. Per coordinate the normalized error
// |a - n| / max(|a| + |n|, 1e-6) must stay below kCoordTol, and the whole gradient vector must agree to a
// relative L2 error below kVectorTol. A coordinate whose perturbation flips a ReLU of H1 between +h and -h has
// no derivative to compare there: it is skipped and counted, and more than kMaxSkipFraction skipped fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "testing/random_matrix.h"
#include "core/csr.h"
#include "core/encoder.h"
#include "core/error.h"
#include "core/gcn_operator.h"
#include "core/graph_build.h"
#include "core/loss.h"
#include "core/spmm.h"

namespace vgae::core {
namespace {

constexpr float kStep = 5e-3f;
constexpr double kCoordTol = 2e-2;
constexpr double kVectorTol = 5e-3;
constexpr double kMaxSkipFraction = 0.05;
constexpr std::int64_t kNodes = 15;  // node 14 is isolated
constexpr std::int64_t kFeatures = 7;

struct GradientCheck {
  double worst_coord = 0;  // largest normalized error over checked coordinates
  double vector_rel = 0;   // ||a - n|| / ||a|| over checked coordinates
  int checked = 0;
  int skipped = 0;
};

// Compares analytic and numeric gradients; `skip[i]` marks coordinates excluded (ReLU kink).
GradientCheck Compare(const std::vector<double>& analytic, const std::vector<double>& numeric,
                      const std::vector<bool>& skip) {
  GradientCheck c;
  // Float rounding in the forward pass puts noise of about 1e-5 of the loss into every numeric derivative, so
  // a coordinate far smaller than the largest is judged against 1% of the largest instead of its own size.
  double largest = 0;
  for (double a : analytic) largest = std::max(largest, std::abs(a));
  const double kFloor = std::max(1e-6, 1e-2 * largest);
  double diff2 = 0, norm2 = 0;
  for (std::size_t i = 0; i < analytic.size(); ++i) {
    if (skip[i]) {
      ++c.skipped;
      continue;
    }
    ++c.checked;
    const double a = analytic[i], n = numeric[i];
    c.worst_coord = std::max(c.worst_coord, std::abs(a - n) / std::max(std::abs(a) + std::abs(n), kFloor));
    diff2 += (a - n) * (a - n);
    norm2 += a * a;
  }
  c.vector_rel = std::sqrt(diff2 / std::max(norm2, 1e-30));
  return c;
}

void ExpectGood(const GradientCheck& c, const std::string& what) {
  std::printf("[ FD ] %-28s checked %3d skipped %2d worst normalized %.2e vector rel L2 %.2e\n", what.c_str(),
              c.checked, c.skipped, c.worst_coord, c.vector_rel);
  EXPECT_GT(c.checked, 0) << what;
  EXPECT_LE(c.skipped, kMaxSkipFraction * (c.checked + c.skipped)) << what << ": too many ReLU-kink skips";
  EXPECT_LT(c.worst_coord, kCoordTol) << what;
  EXPECT_LT(c.vector_rel, kVectorTol) << what;
}

// A 15-node graph: 30 random undirected edges among nodes 0..13, node 14 isolated; F = 7 random features
// (about 60% stored, values of both signs so that the ReLU is active and inactive in many places).
struct Problem {
  Csr<GlobalId> graph;
  Csr<LocalId> adj, s;
  Csr<std::int32_t> x;
  std::vector<std::int64_t> degree;
  std::vector<GlobalId> gids;
  std::vector<LocalId> pos_a, pos_b, neg_a, neg_b;
};

// identity_features: X = I (featureless graphs, --features none), which the encoder runs without X.
Problem MakeProblem(bool identity_features = false) {
  Problem p;
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<GlobalId> node(0, kNodes - 2);
  std::set<std::pair<GlobalId, GlobalId>> edges;
  while (edges.size() < 30) {
    GlobalId u = node(rng), v = node(rng);
    if (u == v) continue;
    edges.emplace(std::min(u, v), std::max(u, v));
  }
  std::vector<GlobalId> flat;
  for (const auto& [u, v] : edges) flat.insert(flat.end(), {u, v});
  p.graph = BuildSymmetricGraph(kNodes, flat);

  p.adj.rows = p.adj.cols = kNodes;
  p.adj.indptr = p.graph.indptr;
  for (GlobalId j : p.graph.indices) p.adj.indices.push_back(static_cast<LocalId>(j));
  for (std::int64_t i = 0; i < kNodes; ++i) {
    p.degree.push_back(p.graph.indptr[i + 1] - p.graph.indptr[i]);
    p.gids.push_back(i);
  }
  p.s = BuildGcnOperator(p.adj.View(), p.degree, p.gids);

  std::uniform_real_distribution<float> value(-1.0f, 1.0f), coin(0.0f, 1.0f);
  p.x.rows = kNodes;
  p.x.cols = identity_features ? kNodes : kFeatures;
  p.x.indptr.clear();
  p.x.indptr.push_back(0);
  for (std::int64_t i = 0; i < kNodes; ++i) {
    if (identity_features) {
      p.x.indices.push_back(static_cast<std::int32_t>(i));
      p.x.values.push_back(1.0f);
    }
    for (std::int32_t f = 0; f < kFeatures && !identity_features; ++f)
      if (coin(rng) < 0.6f) {
        p.x.indices.push_back(f);
        p.x.values.push_back(value(rng));
      }
    p.x.indptr.push_back(static_cast<std::int64_t>(p.x.indices.size()));
  }

  // Positives: every third edge plus a self pair; negatives: non-edges, a self pair and the isolated node.
  const auto upper = UpperEdges(p.graph.View());
  for (std::size_t k = 0; k < upper.size(); k += 6) {
    p.pos_a.push_back(static_cast<LocalId>(upper[k]));
    p.pos_b.push_back(static_cast<LocalId>(upper[k + 1]));
  }
  p.pos_a.push_back(3);
  p.pos_b.push_back(3);
  for (GlobalId u = 0; u < kNodes && p.neg_a.size() < 8; u += 2)
    for (GlobalId v = u + 1; v < kNodes - 1; v += 3)
      if (!HasEdge(p.graph.View(), u, v)) {
        p.neg_a.push_back(static_cast<LocalId>(u));
        p.neg_b.push_back(static_cast<LocalId>(v));
        break;
      }
  p.neg_a.insert(p.neg_a.end(), {5, 14});
  p.neg_b.insert(p.neg_b.end(), {5, 2});
  return p;
}

struct Terms {
  bool pairs = false;
  bool kl = false;
  bool dense = false;
  bool self_pairs = false;  // tkipf/gae's diagonal positives, scored in place
};

// Evaluates the chosen loss terms through the library's own forward pass and computes the analytic gradient.
class Harness {
 public:
  Harness(const Problem& p, bool variational, Terms terms)
      : p_(p), shape_{p.x.cols, 8, 4, variational}, params_(shape_), encoder_(shape_, p.s.View(), p.x.View(), ex_),
        terms_(terms) {
    GlorotInit(params_, 42);
    if (variational) {
      eps_.resize(kNodes, shape_.latent);
      SampleEpsilon(7, 3, p.gids, eps_);
    }
  }

  double Loss(RowMatrixXf* dz_out) {
    encoder_.Forward(params_, eps_);
    const RowMatrixXf& z = encoder_.Z();
    RowMatrixXf dz = RowMatrixXf::Zero(kNodes, shape_.latent);
    double loss = 0;
    if (terms_.pairs) {
      loss += PairBce(z, p_.pos_a, p_.pos_b, true, 1.0 / static_cast<double>(p_.pos_a.size()), dz);
      loss += PairBce(z, p_.neg_a, p_.neg_b, false, 1.0 / static_cast<double>(p_.neg_a.size()), dz);
    }
    if (terms_.self_pairs) {
      PairBceWorkspace ws;
      loss += SelfPairBce(z, 1.0 / static_cast<double>(kNodes), dz, ws);
    }
    if (terms_.dense) {
      RowMatrixXf dd(kNodes, shape_.latent);
      const auto w = MakeDenseBceWeights(kNodes, p_.graph.Nnz() / 2);
      loss += DenseBcePartial(z, p_.gids, p_.graph.View(), w, dd);
      dz += dd;
    }
    if (terms_.kl) loss += encoder_.KlPartial(kNodes);
    if (dz_out) *dz_out = dz;
    return loss;
  }

  // Sign pattern of S X W0 (the ReLU inputs), recomputed from the parameters.
  std::vector<bool> ReluMask() const {
    RowMatrixXf p0(kNodes, shape_.hidden), pre(kNodes, shape_.hidden);
    SpMM(p_.x.View(), params_.W0(), p0);
    SpMM(p_.s.View(), p0, pre);
    std::vector<bool> mask;
    for (Eigen::Index i = 0; i < pre.size(); ++i) mask.push_back(pre.data()[i] > 0.0f);
    return mask;
  }

  Parameters& Params() { return params_; }

  // The loss at the current parameters and Backward's gradient.
  std::pair<double, std::vector<float>> LossAndGradient() {
    RowMatrixXf dz;
    const double loss = Loss(&dz);
    std::vector<float> grad(params_.Flat().size(), -123.0f);
    encoder_.Backward(params_, dz, terms_.kl ? kNodes : 0, grad);
    return {loss, grad};
  }

  GradientCheck Run() {
    // Both ReLU branches must occur, or the masking in Backward would go untested.
    const auto mask = ReluMask();
    const auto active = std::count(mask.begin(), mask.end(), true);
    EXPECT_GT(active, static_cast<std::ptrdiff_t>(mask.size() / 5));
    EXPECT_LT(active, static_cast<std::ptrdiff_t>(mask.size() * 4 / 5));
    RowMatrixXf dz;
    Loss(&dz);
    std::vector<float> grad(params_.Flat().size(), -123.0f);  // Backward must overwrite
    encoder_.Backward(params_, dz, terms_.kl ? kNodes : 0, grad);
    std::vector<double> analytic(grad.begin(), grad.end()), numeric(grad.size());
    std::vector<bool> skip(grad.size(), false);
    auto flat = params_.Flat();
    for (std::size_t i = 0; i < flat.size(); ++i) {
      const float orig = flat[i];
      const float up = orig + kStep, down = orig - kStep;
      flat[i] = up;
      const double loss_up = Loss(nullptr);
      const auto mask_up = ReluMask();
      flat[i] = down;
      const double loss_down = Loss(nullptr);
      const auto mask_down = ReluMask();
      flat[i] = orig;
      numeric[i] = (loss_up - loss_down) / (static_cast<double>(up) - static_cast<double>(down));
      skip[i] = mask_up != mask_down;
    }
    return Compare(analytic, numeric, skip);
  }

 private:
  const Problem& p_;
  EncoderShape shape_;
  Parameters params_;
  NoExchange ex_;
  Encoder encoder_;
  RowMatrixXf eps_;
  Terms terms_;
};

TEST(EncoderGradient, VgaePairBcePlusKlMatchesFiniteDifferences) {
  const Problem p = MakeProblem();
  ExpectGood(Harness(p, true, {.pairs = true, .kl = true}).Run(), "VGAE pairs+KL");
}

TEST(EncoderGradient, VgaeIdentityFeaturesMatchesFiniteDifferences) {
  const Problem p = MakeProblem(true);
  ExpectGood(Harness(p, true, {.pairs = true, .kl = true}).Run(), "VGAE identity X, pairs+KL");
}

// The identity fast path (X = I on one rank: W0 read and its gradient written without X) gives the same bits as
// the general path, which runs when X carries one more (all-zero) feature column.
TEST(EncoderGradient, IdentityFeaturesGiveTheGeneralPathsBits) {
  Problem identity = MakeProblem(true), general = identity;
  general.x.cols = kNodes + 1;
  for (bool variational : {true, false}) {
    Harness fast(identity, variational, {.pairs = true, .kl = variational});
    Harness slow(general, variational, {.pairs = true, .kl = variational});
    slow.Params().W0().topRows(kNodes) = fast.Params().W0();
    slow.Params().W0().row(kNodes).setConstant(0.5f);  // multiplies the all-zero column
    slow.Params().W1() = fast.Params().W1();
    const auto [fast_loss, fast_grad] = fast.LossAndGradient();
    const auto [slow_loss, slow_grad] = slow.LossAndGradient();
    EXPECT_EQ(fast_loss, slow_loss) << "variational " << variational;
    const std::size_t hidden = 8, w0 = static_cast<std::size_t>(kNodes) * hidden;  // fast W0: N x 8; slow: N+1 x 8
    ASSERT_EQ(slow_grad.size(), fast_grad.size() + hidden);
    for (std::size_t i = 0; i < w0; ++i) ASSERT_EQ(fast_grad[i], slow_grad[i]) << "W0 gradient " << i;
    for (std::size_t j = 0; j < hidden; ++j) EXPECT_EQ(slow_grad[w0 + j], 0.0f) << "the all-zero feature's row";
    for (std::size_t i = w0; i < fast_grad.size(); ++i)
      ASSERT_EQ(fast_grad[i], slow_grad[i + hidden]) << "W1 gradient " << i - w0;
  }
}

TEST(EncoderGradient, VgaePairsSelfPairsAndKlMatchFiniteDifferences) {
  const Problem p = MakeProblem();
  ExpectGood(Harness(p, true, {.pairs = true, .kl = true, .self_pairs = true}).Run(), "VGAE pairs+self+KL");
}

TEST(EncoderGradient, GaeSelfPairsAloneMatchFiniteDifferences) {
  const Problem p = MakeProblem();
  ExpectGood(Harness(p, false, {.self_pairs = true}).Run(), "GAE self-pairs only");
}

TEST(EncoderGradient, GaePairBceMatchesFiniteDifferences) {
  const Problem p = MakeProblem();
  ExpectGood(Harness(p, false, {.pairs = true}).Run(), "GAE pairs");
}

TEST(EncoderGradient, VgaePairBceAloneMatchesFiniteDifferences) {
  const Problem p = MakeProblem();
  ExpectGood(Harness(p, true, {.pairs = true}).Run(), "VGAE pairs only");
}

TEST(EncoderGradient, VgaeKlAloneMatchesFiniteDifferences) {
  const Problem p = MakeProblem();
  ExpectGood(Harness(p, true, {.kl = true}).Run(), "VGAE KL only");
}

// The finite differences above check the KL's gradient against its value; this checks the value itself, which
// Forward sums alongside Z, against the formula in double: -(0.5/N²) Σ_i Σ_d (1 + 2logσ - μ² - exp(2logσ)),
// with N the global node count the caller passes (not the rows this encoder holds).
TEST(EncoderKl, ValueOfTheLastForwardMatchesTheFormula) {
  const Problem p = MakeProblem();
  const EncoderShape shape{p.x.cols, 8, 4, true};
  Parameters params(shape);
  GlorotInit(params, 42);
  params.W1() *= 4.0f;  // logσ well away from 0, so the σ² term matters
  NoExchange none;
  Encoder encoder(shape, p.s.View(), p.x.View(), none);
  RowMatrixXf eps(kNodes, shape.latent);
  SampleEpsilon(7, 3, p.gids, eps);
  encoder.Forward(params, eps);
  double direct = 0.0;
  for (Eigen::Index i = 0; i < kNodes; ++i)
    for (Eigen::Index c = 0; c < shape.latent; ++c) {
      const double m = encoder.Mu()(i, c), l = encoder.LogStd()(i, c);
      direct += 1.0 + 2.0 * l - m * m - std::exp(2.0 * l);
    }
  constexpr double kGlobalNodes = 1000.0;
  direct *= -0.5 / (kGlobalNodes * kGlobalNodes);
  ASSERT_GT(std::abs(direct), 0.0);
  EXPECT_NEAR(encoder.KlPartial(1000), direct, 1e-5 * std::abs(direct));
  // After the mean pass (evaluation) there are no sampled terms to report.
  encoder.ForwardMean(params);
  EXPECT_THROW(encoder.KlPartial(1000), vgae::InternalError);
}

// logσ is clamped at kMaxLogStd before any use, in Forward and in ForwardMean, and no gradient flows
// through the clamp. With X = I, W0 > 0 and a large positive Wσ every logσ is far above the cap (S and H1 are
// positive), so every logσ must read kMaxLogStd, Z must use σ = e^kMaxLogStd, and Backward must give Wσ an exactly
// zero gradient while Wμ's is not.
TEST(EncoderClamp, LogStdAboveTheCapIsClampedAndPassesNoGradient) {
  const Problem p = MakeProblem(true);
  const int hidden = 8, latent = 4;
  const EncoderShape shape{p.x.cols, hidden, latent, true};
  Parameters params(shape);
  GlorotInit(params, 42);
  params.W0() = params.W0().cwiseAbs().array() + 0.1f;
  params.W1().rightCols(latent).setConstant(50.0f);
  NoExchange none;
  Encoder encoder(shape, p.s.View(), p.x.View(), none);
  RowMatrixXf eps(kNodes, latent);
  SampleEpsilon(7, 3, p.gids, eps);
  encoder.Forward(params, eps);
  for (Eigen::Index i = 0; i < kNodes; ++i)
    for (Eigen::Index c = 0; c < latent; ++c) {
      ASSERT_EQ(encoder.LogStd()(i, c), kMaxLogStd) << "row " << i << " dim " << c;
      const float expect = encoder.Mu()(i, c) + eps(i, c) * std::exp(kMaxLogStd);
      ASSERT_NEAR(encoder.Z()(i, c), expect, 1e-5f * std::abs(expect)) << "row " << i << " dim " << c;
    }
  RowMatrixXf dz = RowMatrixXf::Zero(kNodes, latent);
  PairBce(encoder.Z(), p.pos_a, p.pos_b, true, 1.0, dz);
  PairBce(encoder.Z(), p.neg_a, p.neg_b, false, 1.0, dz);
  std::vector<float> grad(params.Flat().size(), -123.0f);
  encoder.Backward(params, dz, kNodes, grad);
  const Eigen::Map<const RowMatrixXf> g1(grad.data() + kNodes * hidden, hidden, 2 * latent);
  EXPECT_TRUE((g1.rightCols(latent).array() == 0.0f).all()) << g1;
  EXPECT_GT(g1.leftCols(latent).cwiseAbs().maxCoeff(), 0.0f);
  // Backward has written dP1 over μ and logσ: reading them fails until the next forward pass.
  EXPECT_THROW(encoder.Mu(), vgae::InternalError);
  EXPECT_THROW(encoder.LogStd(), vgae::InternalError);
  encoder.ForwardMean(params);
  EXPECT_TRUE((encoder.LogStd().array() == kMaxLogStd).all());
}

TEST(EncoderGradient, VgaeDenseBcePlusKlMatchesFiniteDifferences) {
  const Problem p = MakeProblem();
  ExpectGood(Harness(p, true, {.kl = true, .dense = true}).Run(), "VGAE dense+KL");
}

TEST(EncoderGradient, GaeDenseBceMatchesFiniteDifferences) {
  const Problem p = MakeProblem();
  ExpectGood(Harness(p, false, {.dense = true}).Run(), "GAE dense");
}

// ---- the loss kernels alone, with respect to the Z entries ----


// Numeric gradient of f over every entry of z (f may not keep z's content).
template <typename F>
GradientCheck CheckTable(RowMatrixXf& z, const RowMatrixXf& analytic_dz, F f) {
  std::vector<double> analytic, numeric;
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    const float orig = z.data()[i];
    const float up = orig + kStep, down = orig - kStep;
    z.data()[i] = up;
    const double loss_up = f();
    z.data()[i] = down;
    const double loss_down = f();
    z.data()[i] = orig;
    analytic.push_back(analytic_dz.data()[i]);
    numeric.push_back((loss_up - loss_down) / (static_cast<double>(up) - static_cast<double>(down)));
  }
  return Compare(analytic, numeric, std::vector<bool>(analytic.size(), false));
}

struct PairLists {
  std::vector<LocalId> pa{0, 2, 4, 1}, pb{1, 3, 4, 0};  // (4, 4) is a self pair; (1, 0) repeats (0, 1)
  std::vector<LocalId> na{0, 5, 3}, nb{2, 5, 1};        // (5, 5) is a self pair
};

double PairLoss(const RowMatrixXf& z, const PairLists& l, RowMatrixXf& dz) {
  dz.setZero(z.rows(), z.cols());
  return PairBce(z, l.pa, l.pb, true, 0.25, dz) + PairBce(z, l.na, l.nb, false, 1.0 / 3.0, dz);
}

TEST(LossGradient, PairBceWithSelfPairsMatchesFiniteDifferences) {
  RowMatrixXf z = vgae::testing::RandomMatrix(6, 3, 5);
  const PairLists l;
  RowMatrixXf dz, scratch;
  PairLoss(z, l, dz);
  ExpectGood(CheckTable(z, dz, [&] { return PairLoss(z, l, scratch); }), "PairBce dL/dZ");
}

TEST(LossGradient, PairBceValueMatchesDirectFormula) {
  const RowMatrixXf z = vgae::testing::RandomMatrix(6, 3, 6);
  const PairLists l;
  RowMatrixXf dz;
  const double found = PairLoss(z, l, dz);
  auto sp = [](double t) { return std::log1p(std::exp(t)); };
  double pos = 0, neg = 0;
  for (std::size_t k = 0; k < l.pa.size(); ++k)
    pos += sp(-z.row(l.pa[k]).cast<double>().dot(z.row(l.pb[k]).cast<double>()));
  for (std::size_t k = 0; k < l.na.size(); ++k)
    neg += sp(z.row(l.na[k]).cast<double>().dot(z.row(l.nb[k]).cast<double>()));
  EXPECT_NEAR(found, pos / 4 + neg / 3, 1e-6);
}

TEST(LossGradient, PairBceAddsToExistingGradient) {
  const RowMatrixXf z = vgae::testing::RandomMatrix(6, 3, 8);
  const PairLists l;
  RowMatrixXf fresh = RowMatrixXf::Zero(6, 3), preset = RowMatrixXf::Constant(6, 3, 0.5f);
  PairBce(z, l.pa, l.pb, true, 0.25, fresh);
  PairBce(z, l.pa, l.pb, true, 0.25, preset);
  EXPECT_LT((preset - fresh - RowMatrixXf::Constant(6, 3, 0.5f)).cwiseAbs().maxCoeff(), 1e-6f);
  EXPECT_GT(fresh.cwiseAbs().maxCoeff(), 1e-3f);
}

// A 6-node graph for the dense loss: a path 0-1-2-3 plus edge 1-4; node 5 isolated.
Csr<GlobalId> SmallGraph() {
  const std::vector<GlobalId> pairs{0, 1, 1, 2, 2, 3, 1, 4};
  return BuildSymmetricGraph(6, pairs);
}

TEST(LossGradient, DenseBceMatchesFiniteDifferences) {
  RowMatrixXf z = vgae::testing::RandomMatrix(6, 3, 9);
  const auto g = SmallGraph();
  const std::vector<GlobalId> owned{0, 1, 2, 3, 4, 5};
  const auto w = MakeDenseBceWeights(6, 4);
  RowMatrixXf dz(6, 3), scratch(6, 3);
  DenseBcePartial(z, owned, g.View(), w, dz);
  ExpectGood(CheckTable(z, dz, [&] { return DenseBcePartial(z, owned, g.View(), w, scratch); }), "DenseBce dL/dZ");
}

// The value against the formula written out over all N² pairs in double, labels A + I.
TEST(LossGradient, DenseBceValueMatchesDirectFormula) {
  const RowMatrixXf z = vgae::testing::RandomMatrix(6, 3, 10);
  const auto g = SmallGraph();
  const std::vector<GlobalId> owned{0, 1, 2, 3, 4, 5};
  const auto w = MakeDenseBceWeights(6, 4);
  RowMatrixXf dz(6, 3);
  const double found = DenseBcePartial(z, owned, g.View(), w, dz);
  auto sp = [](double t) { return std::log1p(std::exp(t)); };
  double sum = 0;
  for (GlobalId i = 0; i < 6; ++i)
    for (GlobalId j = 0; j < 6; ++j) {
      const double s = z.row(i).cast<double>().dot(z.row(j).cast<double>());
      const bool label = i == j || HasEdge(g.View(), i, j);
      sum += label ? w.pos_weight * sp(-s) : sp(s);
    }
  EXPECT_NEAR(found, w.norm * sum / 36.0, 1e-6);
}

// As loss.h documents: P = 2M + N positives (self-loops counted), here 14 of 36 entries. Note: tkipf/gae's
// train.py computes pos_weight and norm from adj_train.sum() = 2M (no diagonal); see the test report.
// tkipf/gae's train.py: pos_weight and norm come from adj_train.sum() = 2M (no diagonal), although the labels
// are adj_train + I.
TEST(DenseBceWeights, MatchTkipfGaeWhichCountsOnlyTrainEdgeEntries) {
  const auto w = MakeDenseBceWeights(6, 4);
  EXPECT_DOUBLE_EQ(w.pos_weight, 28.0 / 8.0);
  EXPECT_DOUBLE_EQ(w.norm, 36.0 / 56.0);
  EXPECT_EQ(w.num_nodes, 6);
}

// Rows split across "ranks": partial losses sum to the full loss and each rank's dz rows equal the full ones.
TEST(LossGradient, DenseBcePartialsSumToWhole) {
  const RowMatrixXf z = vgae::testing::RandomMatrix(6, 3, 11);
  const auto g = SmallGraph();
  const auto w = MakeDenseBceWeights(6, 4);
  const std::vector<GlobalId> all{0, 1, 2, 3, 4, 5};
  RowMatrixXf dz_all(6, 3);
  const double whole = DenseBcePartial(z, all, g.View(), w, dz_all);
  double parts = 0;
  for (const std::vector<GlobalId>& owned : {std::vector<GlobalId>{1, 4}, std::vector<GlobalId>{0, 2, 3, 5}}) {
    Csr<GlobalId> rows;
    rows.rows = static_cast<std::int64_t>(owned.size());
    rows.cols = 6;
    for (GlobalId u : owned) {
      for (auto k = g.indptr[u]; k < g.indptr[u + 1]; ++k) rows.indices.push_back(g.indices[k]);
      rows.indptr.push_back(static_cast<std::int64_t>(rows.indices.size()));
    }
    RowMatrixXf dz(static_cast<Eigen::Index>(owned.size()), 3);
    parts += DenseBcePartial(z, owned, rows.View(), w, dz);
    for (std::size_t r = 0; r < owned.size(); ++r)
      EXPECT_LT((dz.row(static_cast<Eigen::Index>(r)) - dz_all.row(owned[r])).cwiseAbs().maxCoeff(), 1e-6f);
  }
  EXPECT_NEAR(parts, whole, 1e-6 * std::abs(whole));
}

}  // namespace
}  // namespace vgae::core
