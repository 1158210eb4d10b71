// Encoder forward/backward. Buffers are sized once in the constructor and reused every epoch.
#include "core/encoder.h"

#include <cmath>

#include "core/error.h"
#include "core/rng.h"
#include "core/spmm.h"

namespace vgae::core {

Parameters::Parameters(const EncoderShape& shape)
    : shape_(shape), flat_(static_cast<std::size_t>(shape.features * shape.hidden + shape.hidden * shape.HeadWidth())) {}

Eigen::Map<RowMatrixXf> Parameters::W0() { return {flat_.data(), shape_.features, shape_.hidden}; }
Eigen::Map<const RowMatrixXf> Parameters::W0() const { return {flat_.data(), shape_.features, shape_.hidden}; }
Eigen::Map<RowMatrixXf> Parameters::W1() {
  return {flat_.data() + shape_.features * shape_.hidden, shape_.hidden, shape_.HeadWidth()};
}
Eigen::Map<const RowMatrixXf> Parameters::W1() const {
  return {flat_.data() + shape_.features * shape_.hidden, shape_.hidden, shape_.HeadWidth()};
}

namespace {
void GlorotBlock(std::uint64_t seed, std::uint64_t layer, std::int64_t fan_in, std::int64_t fan_out,
                 Eigen::Ref<RowMatrixXf, 0, Eigen::OuterStride<>> w) {
  const float r = std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
  for (Eigen::Index i = 0; i < w.rows(); ++i)
    for (Eigen::Index j = 0; j < w.cols(); ++j) {
      const auto words = Philox(seed, Stream::kInit, layer, static_cast<std::uint64_t>(i * w.cols() + j));
      w(i, j) = (2.0f * UniformFloat(words[0]) - 1.0f) * r;
    }
}
}  // namespace

void GlorotInit(Parameters& params, std::uint64_t seed) {
  const auto& s = params.Shape();
  auto w0 = params.W0();
  auto w1 = params.W1();
  GlorotBlock(seed, 0, s.features, s.hidden, w0);
  GlorotBlock(seed, 1, s.hidden, s.latent, w1.leftCols(s.latent));
  if (s.variational) GlorotBlock(seed, 2, s.hidden, s.latent, w1.rightCols(s.latent));
}

void SampleEpsilon(std::uint64_t seed, std::int64_t epoch, std::span<const GlobalId> owned_gids, MatRef eps) {
  VGAE_CHECK(eps.rows() == static_cast<Eigen::Index>(owned_gids.size()));
  // One Philox block gives two normals: block j of node g covers dims 2j and 2j + 1.
  const auto d = static_cast<std::uint64_t>(eps.cols());
  const auto blocks = (d + 1) / 2;
  for (std::size_t i = 0; i < owned_gids.size(); ++i) {
    auto row = eps.row(static_cast<Eigen::Index>(i));
    for (std::uint64_t j = 0; j < blocks; ++j) {
      const auto z = StandardNormalPair(Philox(seed, Stream::kEpsilon, static_cast<std::uint64_t>(epoch),
                                               static_cast<std::uint64_t>(owned_gids[i]) * blocks + j));
      row(static_cast<Eigen::Index>(2 * j)) = z[0];
      if (2 * j + 1 < d) row(static_cast<Eigen::Index>(2 * j + 1)) = z[1];
    }
  }
}

Encoder::Encoder(const EncoderShape& shape, CsrView<LocalId> s, CsrView<std::int32_t> x, RowExchange& exchange)
    : shape_(shape), s_(s), x_(x), exchange_(exchange) {
  VGAE_CHECK(x.rows == s.rows && x.cols == shape.features && s.cols >= s.rows);
  const auto n_all = s.cols, n_own = s.rows;
  p0_.resize(n_all, shape.hidden);
  h1_.resize(n_own, shape.hidden);
  p1_.resize(n_all, shape.HeadWidth());
  y_.resize(n_own, shape.HeadWidth());
  z_.resize(n_own, shape.latent);
  dy_.resize(n_all, shape.HeadWidth());
  dh1_.resize(n_all, shape.hidden);
  dp_.resize(n_own, shape.HeadWidth());
  dp0_.resize(n_own, shape.hidden);
}

void Encoder::Propagate(const Parameters& params) {
  const auto n_own = s_.rows;
  auto p0_own = p0_.topRows(n_own);
  SpMM(x_, params.W0(), p0_own);
  exchange_.Gather(p0_);
  SpMM(s_, p0_, h1_);
  h1_ = h1_.cwiseMax(0.0f);
  p1_.topRows(n_own).noalias() = h1_ * params.W1();
  exchange_.Gather(p1_);
  SpMM(s_, p1_, y_);
  if (shape_.variational) {
    auto ls = y_.rightCols(shape_.latent);
    ls = ls.cwiseMin(kMaxLogStd);  // the clamp's gradient is zero above it; Backward masks with the same test
  }
}

void Encoder::Forward(const Parameters& params, ConstMatRef eps) {
  Propagate(params);
  const int d = shape_.latent;
  if (shape_.variational) {
    VGAE_CHECK(eps.rows() == s_.rows && eps.cols() == d);
    eps_ = eps;
    has_eps_ = true;
    z_ = y_.leftCols(d) + (eps_.array() * y_.rightCols(d).array().exp()).matrix();
  } else {
    has_eps_ = false;
    z_ = y_;
  }
}

void Encoder::ForwardMean(const Parameters& params) {
  Propagate(params);
  has_eps_ = false;
  z_ = y_.leftCols(shape_.latent);
}

Eigen::Block<const RowMatrixXf> Encoder::Mu() const { return y_.leftCols(shape_.latent); }
Eigen::Block<const RowMatrixXf> Encoder::LogStd() const {
  VGAE_CHECK(shape_.variational);
  return y_.rightCols(shape_.latent);
}

double Encoder::KlPartial(std::int64_t num_nodes_global) const {
  if (!shape_.variational) return 0.0;
  const auto mu = Mu();
  const auto ls = LogStd();
  double sum = 0.0;
  for (Eigen::Index i = 0; i < mu.rows(); ++i)
    for (Eigen::Index c = 0; c < mu.cols(); ++c) {
      const double m = mu(i, c), l = ls(i, c);
      sum += 1.0 + 2.0 * l - m * m - std::exp(2.0 * l);
    }
  const double n = static_cast<double>(num_nodes_global);
  return -0.5 / (n * n) * sum;
}

void Encoder::Backward(const Parameters& params, ConstMatRef dz, std::int64_t kl_num_nodes, std::span<float> grad) {
  const auto n_own = s_.rows;
  const int d = shape_.latent;
  VGAE_CHECK(dz.rows() == n_own && dz.cols() == d);
  VGAE_CHECK(grad.size() == params.Flat().size());
  auto dy_own = dy_.topRows(n_own);
  if (shape_.variational) {
    VGAE_CHECK(has_eps_);
    const auto mu = Mu();
    const auto ls = LogStd();
    const float inv_n2 = kl_num_nodes > 0 ? 1.0f / (static_cast<float>(kl_num_nodes) * static_cast<float>(kl_num_nodes)) : 0.0f;
    for (Eigen::Index i = 0; i < n_own; ++i)
      for (Eigen::Index c = 0; c < d; ++c) {
        const float l = ls(i, c);
        const float sigma = std::exp(l);
        dy_own(i, c) = dz(i, c) + inv_n2 * mu(i, c);
        // logσ was clamped at kMaxLogStd: no gradient flows through the clamp.
        dy_own(i, d + c) =
            l >= kMaxLogStd ? 0.0f : dz(i, c) * eps_(i, c) * sigma + inv_n2 * (sigma * sigma - 1.0f);
      }
  } else {
    dy_own = dz;
  }
  exchange_.Gather(dy_);
  SpMM(s_, dy_, dp_);  // dP1[O]

  Eigen::Map<RowMatrixXf> g0(grad.data(), shape_.features, shape_.hidden);
  Eigen::Map<RowMatrixXf> g1(grad.data() + shape_.features * shape_.hidden, shape_.hidden, shape_.HeadWidth());
  g1.noalias() = h1_.transpose() * dp_;
  auto dh1_own = dh1_.topRows(n_own);
  dh1_own.noalias() = dp_ * params.W1().transpose();
  dh1_own = (h1_.array() > 0.0f).select(dh1_own, 0.0f);
  exchange_.Gather(dh1_);
  SpMM(s_, dh1_, dp0_);
  g0.setZero();
  SpMMTransposeAdd(x_, dp0_, g0);
}

}  // namespace vgae::core
