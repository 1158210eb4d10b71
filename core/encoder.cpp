// Encoder forward/backward. Buffers are sized once in the constructor and reused every epoch.
#include "core/encoder.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/fast_math.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/rng.h"

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
constexpr std::int64_t kKlGrain = 1024;  // rows per KL partial sum

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
  // One Philox block gives four normals: block j of node g covers dims 4j to 4j + 3.
  const auto d = static_cast<std::size_t>(eps.cols());
  ParallelChunks(eps.rows(), 256, [&](std::int64_t b, std::int64_t e) {
    StandardNormalRows(seed, Stream::kEpsilon, static_cast<std::uint64_t>(epoch),
                       owned_gids.subspan(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b)),
                       eps.row(b).data(), d, static_cast<std::size_t>(eps.outerStride()));
  });
}

Encoder::Encoder(const EncoderShape& shape, CsrView<LocalId> s, CsrView<std::int32_t> x, RowExchange& exchange)
    : shape_(shape), s_(s), x_(x), xt_(Transpose(x)), exchange_(exchange) {
  VGAE_CHECK(x.rows == s.rows && x.cols == shape.features && s.cols >= s.rows);
  const auto n_all = s.cols, n_own = s.rows;
  for (std::int64_t i = 0; i < n_own; ++i) {
    bool interior = true;
    for (auto k = s.indptr[i]; k < s.indptr[i + 1] && interior; ++k) interior = s.indices[k] < n_own;
    (interior ? interior_ : boundary_).push_back(static_cast<LocalId>(i));
  }
  // Identity features on one rank (featureless graphs): X·W0 is W0 and Xᵀ·dP0 is dP0, so the first layer reads W0
  // and writes its gradient directly, with no copies in between (and no p0_, dp0_).
  identity_x_ = s.cols == s.rows && x.rows == x.cols;
  for (std::int64_t i = 0; i < x.rows && identity_x_; ++i)
    identity_x_ = x.indptr[i + 1] == x.indptr[i] + 1 && x.indices[x.indptr[i]] == i &&
                  (x.values.empty() || x.values[x.indptr[i]] == 1.0f);
  ResizeRows(p0_, identity_x_ ? 0 : n_all, shape.hidden);
  ResizeRows(h1_, n_own, shape.hidden);
  ResizeRows(shared_, n_all, std::max(shape.HeadWidth(), shape.hidden));
  ResizeRows(y_, n_own, shape.HeadWidth());
  ResizeRows(z_, n_own, shape.latent);
  ResizeRows(dp0_, identity_x_ ? 0 : n_own, shape.hidden);
  w1t_.resize(shape.HeadWidth(), shape.hidden);
}

void Encoder::Propagated(MatRef buf, MatRef out, Epilogue epilogue) {
  exchange_.Start(buf);
  if (overlap_ && !boundary_.empty()) {
    SpMMRows(s_, buf, out, interior_, epilogue, [this] { exchange_.Progress(); });
    exchange_.Finish(buf);
    SpMMRows(s_, buf, out, boundary_, epilogue);
  } else {
    exchange_.Finish(buf);
    SpMM(s_, buf, out, epilogue);
  }
}

void Encoder::Propagate(const Parameters& params) {
  const auto n_own = s_.rows;
  y_holds_dp1_ = false;
  if (identity_x_) {
    SpMM(s_, params.W0(), h1_, Epilogue::kRelu);  // one rank: no halo rows to exchange
  } else {
    SpMM(x_, params.W0(), p0_.topRows(n_own), Epilogue::kNone, Gather::kScattered);
    Propagated(p0_, h1_, Epilogue::kRelu);
  }
  auto p1 = Shared(shape_.HeadWidth());
  RowsTimes(h1_, params.W1(), p1.topRows(n_own));
  // logσ (the right half) is clamped as each row is stored; its gradient is zero above the cap, and Backward
  // masks with the same test.
  Propagated(p1, y_, shape_.variational ? Epilogue::kCapRightHalf : Epilogue::kNone);
}

void Encoder::Forward(const Parameters& params, ConstMatRef eps) {
  Propagate(params);
  const int d = shape_.latent;
  if (shape_.variational) {
    VGAE_CHECK(eps.rows() == s_.rows && eps.cols() == d);
    eps_ = eps.data();  // the caller keeps ε until Backward: no copy
    eps_stride_ = eps.outerStride();
    // Z and the KL terms in one pass over y_, σ computed once for both (PubMed, 1 thread, 12 interleaved runs:
    // median epoch 7.25 -> 7.11 ms against a KL pass of its own). Per-chunk sums in double, one per column (no
    // horizontal sum per row), then added in chunk order: the same for any thread count.
    const std::int64_t chunks = (s_.rows + kKlGrain - 1) / kKlGrain;
    kl_partials_.assign(static_cast<std::size_t>(chunks), 0.0);  // no allocation after the first epoch
    kl_columns_.assign(static_cast<std::size_t>(chunks * d), 0.0);
    // kD: the width as a constant (16, the default latent), so that each row is a few whole vectors and the
    // column sums stay in registers; 0: any width.
    auto z_pass = [&]<int kD>(std::int64_t b, std::int64_t e) {
      const int w = kD > 0 ? kD : d;
      double* col = kl_columns_.data() + (b / kKlGrain) * d;
      double acc[kD > 0 ? kD : 1];
      double* sums = kD > 0 ? acc : col;
      if constexpr (kD > 0) std::copy_n(col, kD, acc);
      for (std::int64_t i = b; i < e; ++i) {
        const float* mu = y_.row(i).data();
        const float* ls = mu + w;
        const float* ep = eps_ + i * eps_stride_;
        float* z = z_.row(i).data();
#pragma omp simd
        for (int c = 0; c < w; ++c) {
          const float sigma = FastExp(ls[c]);
          z[c] = mu[c] + ep[c] * sigma;
          sums[c] += static_cast<double>(1.0f + 2.0f * ls[c] - mu[c] * mu[c] - sigma * sigma);
        }
      }
      if constexpr (kD > 0) std::copy_n(acc, kD, col);
      double sum = 0.0;
      for (int c = 0; c < w; ++c) sum += col[c];
      kl_partials_[static_cast<std::size_t>(b / kKlGrain)] = sum;
    };
    ParallelChunks(s_.rows, kKlGrain, [&](std::int64_t b, std::int64_t e) {
      d == 16 ? z_pass.template operator()<16>(b, e) : z_pass.template operator()<0>(b, e);
    });
  } else {
    eps_ = nullptr;
    z_ = y_;
  }
  kl_ready_ = true;
}

void Encoder::ForwardMean(const Parameters& params) {
  Propagate(params);
  eps_ = nullptr;
  z_ = y_.leftCols(shape_.latent);
  kl_ready_ = false;
}

Eigen::Block<const RowMatrixXf> Encoder::Mu() const {
  VGAE_CHECK(!y_holds_dp1_);
  return y_.leftCols(shape_.latent);
}
Eigen::Block<const RowMatrixXf> Encoder::LogStd() const {
  VGAE_CHECK(shape_.variational && !y_holds_dp1_);
  return y_.rightCols(shape_.latent);
}

double Encoder::KlPartial(std::int64_t num_nodes_global) const {
  if (!shape_.variational) return 0.0;
  VGAE_CHECK(kl_ready_);  // Forward has summed the terms of its y_
  double sum = 0.0;
  for (double p : kl_partials_) sum += p;
  const double nn = static_cast<double>(num_nodes_global);
  return -0.5 / (nn * nn) * sum;
}

void Encoder::Backward(const Parameters& params, ConstMatRef dz, std::int64_t kl_num_nodes, std::span<float> grad) {
  const auto n_own = s_.rows;
  const int d = shape_.latent;
  VGAE_CHECK(dz.rows() == n_own && dz.cols() == d);
  VGAE_CHECK(grad.size() == params.Flat().size());
  auto dy = Shared(shape_.HeadWidth());
  auto dy_own = dy.topRows(n_own);
  if (shape_.variational) {
    VGAE_CHECK(eps_ != nullptr);
    const float inv_n2 = kl_num_nodes > 0 ? 1.0f / (static_cast<float>(kl_num_nodes) * static_cast<float>(kl_num_nodes)) : 0.0f;
    auto dy_pass = [&]<int kD>(std::int64_t b, std::int64_t e) {  // kD as in Forward's Z pass
      const int w = kD > 0 ? kD : d;
      for (std::int64_t i = b; i < e; ++i) {
        const float* mu = y_.row(i).data();
        const float* ls = mu + w;
        const float* g = dz.row(i).data();
        const float* ep = eps_ + i * eps_stride_;
        float* out = dy_own.row(i).data();
#pragma omp simd
        for (int c = 0; c < w; ++c) {
          const float sigma = FastExp(ls[c]);
          out[c] = g[c] + inv_n2 * mu[c];
          // logσ was clamped at kMaxLogStd: no gradient flows through the clamp.
          out[w + c] = ls[c] >= kMaxLogStd ? 0.0f : g[c] * ep[c] * sigma + inv_n2 * (sigma * sigma - 1.0f);
        }
      }
    };
    ParallelChunks(n_own, 1024, [&](std::int64_t b, std::int64_t e) {
      d == 16 ? dy_pass.template operator()<16>(b, e) : dy_pass.template operator()<0>(b, e);
    });
  } else {
    dy_own = dz;
  }
  auto& dp1 = y_;  // Y is spent: dP1[O] goes over it
  y_holds_dp1_ = true;
  Propagated(dy, dp1, Epilogue::kNone);

  Eigen::Map<RowMatrixXf> g0(grad.data(), shape_.features, shape_.hidden);
  Eigen::Map<RowMatrixXf> g1(grad.data() + shape_.features * shape_.hidden, shape_.hidden, shape_.HeadWidth());
  TransposeTimes(h1_, dp1, g1, g1_workspace_);
  w1t_ = params.W1().transpose();
  auto dh1 = Shared(shape_.hidden);  // dY is spent
  auto dh1_own = dh1.topRows(n_own);
  RowsTimesWherePositive(dp1, w1t_, h1_, dh1_own);  // dH1 = dP·W1ᵀ through the ReLU (H1 > 0)
  if (identity_x_) {
    SpMM(s_, dh1, g0);  // Xᵀ·dP0 = dP0
    return;
  }
  Propagated(dh1, dp0_, Epilogue::kNone);
  SpMM(xt_.View(), dp0_, g0, Epilogue::kNone, Gather::kScattered);  // Xᵀ·dP0, each row summed in node order
}

}  // namespace vgae::core
