// The GCN encoder of GAE/VGAE on one rank's shard, forward and backward (DESIGN.md "Forward", "Backward").
//
// Rows of every node-indexed buffer: owned rows [0, n_owned), then halo rows [n_owned, n_owned + n_halo).
// S is rows O of Â = D^-1/2 (A+I) D^-1/2 restricted to columns O ∪ H. Because Â is symmetric, the backward
// propagation is S times the *gathered* output gradient, so one exchange primitive (fill halo rows from their
// owners) serves both directions. With no halo (one rank) the exchange is a no-op and this is the serial model.
//
//   P0 = X_O W0 ; gather ; H1 = ReLU(S P0) ; P1 = H1 W1 ; gather ; Y = S P1
//   GAE: Z = μ = Y.   VGAE: W1 = [Wμ | Wσ], Y = [μ | logσ], Z = μ + ε ⊙ exp(min(logσ, 10)).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/csr.h"
#include "core/dense.h"
#include "core/memory.h"
#include "core/spmm.h"
#include "core/types.h"

namespace vgae::core {

// Fills rows [n_owned, n_owned + n_halo) of a node-indexed buffer from the ranks that own those nodes, in two
// halves so the encoder can compute the rows that need no halo while the messages travel (DESIGN.md overlap).
class RowExchange {
 public:
  virtual ~RowExchange() = default;
  // Sends this rank's rows that others need and posts the receives; the owned rows must be final. Non-blocking.
  virtual void Start(MatRef rows) = 0;
  // Lets in-flight messages advance; called between blocks of interior rows.
  virtual void Progress() {}
  // Waits for the halo rows: valid afterwards.
  virtual void Finish(MatRef rows) = 0;
  void Gather(MatRef rows) {
    Start(rows);
    Finish(rows);
  }
};

// The single-rank case: there are no halo rows.
class NoExchange final : public RowExchange {
 public:
  void Start(MatRef /*rows*/) override {}
  void Finish(MatRef /*rows*/) override {}
};

struct EncoderShape {
  std::int64_t features = 0;  // F (N for identity features)
  int hidden = 32;
  int latent = 16;
  bool variational = true;
  int HeadWidth() const { return variational ? 2 * latent : latent; }
};

// Floats one halo row costs in a training step (Forward + Backward): the four gathers P0 and dH1 (hidden wide)
// and P1 and dY (HeadWidth wide). An evaluation (ForwardMean) adds P0 and P1 again. partition --report turns
// this into bytes each rank sends per epoch; tests/core check it against the gathers Encoder makes.
inline std::int64_t HaloFloatsPerStep(const EncoderShape& s) { return 2 * (s.hidden + std::int64_t{s.HeadWidth()}); }

// The replicated trainable state as one flat float vector (what Adam updates and the all-reduce sums):
// W0 (F × hidden) then W1 (hidden × HeadWidth), row-major.
class Parameters {
 public:
  explicit Parameters(const EncoderShape& shape);
  std::span<float> Flat() { return flat_; }
  std::span<const float> Flat() const { return flat_; }
  Eigen::Map<RowMatrixXf> W0();
  Eigen::Map<const RowMatrixXf> W0() const;
  Eigen::Map<RowMatrixXf> W1();
  Eigen::Map<const RowMatrixXf> W1() const;
  const EncoderShape& Shape() const { return shape_; }

 private:
  EncoderShape shape_;
  AlignedVector<float> flat_;  // W0 rows start on cache lines
};

// Glorot-uniform init keyed by (seed, layer, weight index): the same weights on every rank. Wμ and Wσ are
// initialised as separate hidden × latent layers, as in the reference.
void GlorotInit(Parameters& params, std::uint64_t seed);

// ε for owned rows, keyed by (seed, epoch, global node id, dim).
void SampleEpsilon(std::uint64_t seed, std::int64_t epoch, std::span<const GlobalId> owned_gids, MatRef eps);

constexpr float kMaxLogStd = kRightHalfCap;  // 10, as PyG and the reference: logσ is clamped above before use

class Encoder {
 public:
  // s: n_owned × (n_owned + n_halo); x: n_owned × F. Both must outlive the encoder.
  Encoder(const EncoderShape& shape, CsrView<LocalId> s, CsrView<std::int32_t> x, RowExchange& exchange);

  // Forward pass. eps (n_owned × latent) is used only when variational; pass an empty matrix for the mean. Backward
  // reads eps again: it must stay alive and unchanged until then (no copy is kept).
  void Forward(const Parameters& params, ConstMatRef eps);
  void ForwardMean(const Parameters& params);

  std::int64_t NumOwned() const { return s_.rows; }
  // Owned rows only, of the last Forward or ForwardMean: Backward writes dP1 over them (a precondition check
  // fails until the next forward pass).
  Eigen::Block<const RowMatrixXf> Mu() const;
  Eigen::Block<const RowMatrixXf> LogStd() const;  // clamped; variational only
  const RowMatrixXf& Z() const { return z_; }

  // KL term -(0.5/N²) Σ_owned Σ_d (1 + 2logσ - μ² - σ²) for this rank's rows (sum over ranks gives the loss), of
  // the last Forward: Forward sums it while it has σ = exp(logσ) in hand for Z, so it takes no pass of its own.
  double KlPartial(std::int64_t num_nodes_global) const;

  // Backward from dL/dZ on owned rows. Adds the KL gradient when kl_num_nodes > 0 (global N). Writes the
  // parameter gradient of this rank's rows into grad (same layout as Parameters::Flat), overwriting it.
  void Backward(const Parameters& params, ConstMatRef dz, std::int64_t kl_num_nodes, std::span<float> grad);

  // With overlap (default) each propagation computes the interior rows (no halo column) while the halo
  // exchange is in flight, then the boundary rows; without, it waits for the exchange first. Same results.
  void SetOverlap(bool overlap) { overlap_ = overlap; }
  std::int64_t NumInteriorRows() const { return static_cast<std::int64_t>(interior_.size()); }

 private:
  void Propagate(const Parameters& params);
  // out = S · buf (owned rows), after filling buf's halo rows through the exchange.
  void Propagated(MatRef buf, MatRef out, Epilogue epilogue);

  EncoderShape shape_;
  CsrView<LocalId> s_;
  CsrView<std::int32_t> x_;
  Csr<LocalId> xt_;  // Xᵀ: the W0 gradient Xᵀ·dP0 as a row-parallel product
  RowExchange& exchange_;
  std::vector<LocalId> interior_, boundary_;  // owned rows of S without / with a halo column
  bool overlap_ = true;
  bool identity_x_ = false;  // X = I and no halo: the first layer skips X
  // P1 = H1·W1 (forward), then dY and dH1 (backward), each with owned + halo rows, are never alive at once: they
  // share one buffer of the wider width (10^7 edges, 1 rank: peak RSS 3,028 -> 2,783 MB).
  Eigen::Map<RowMatrixXf> Shared(Eigen::Index width) { return {shared_.data(), shared_.rows(), width}; }

  RowMatrixXf p0_, h1_, z_;  // p0_ has owned + halo rows
  // Y = [μ | logσ] (forward), then dP1 = Sᵀ·dY (backward, once the dY pass has read Y): 10^7 edges, 1 rank,
  // 128 MB less.
  RowMatrixXf y_;
  bool y_holds_dp1_ = false;
  RowMatrixXf shared_;  // P1, dY, dH1 in turn (Shared)
  RowMatrixXf dp0_;
  RowMatrixXf w1t_;                         // W1ᵀ of the current backward pass
  TransposeTimesWorkspace g1_workspace_;
  std::vector<double> kl_partials_, kl_columns_;  // Forward's per-chunk KL sums and per-chunk column sums
  bool kl_ready_ = false;                          // the last pass was Forward (not ForwardMean)
  const float* eps_ = nullptr;  // the last Forward's ε (the caller's buffer), for Backward
  Eigen::Index eps_stride_ = 0;
};

}  // namespace vgae::core
