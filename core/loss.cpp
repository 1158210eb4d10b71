// Loss kernels: double accumulation of the scalar loss, float gradients.
#include "core/loss.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace vgae::core {

double Softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }

float Sigmoid(float x) {
  if (x >= 0) return 1.0f / (1.0f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.0f + e);
}

double PairBce(ConstMatRef table, std::span<const LocalId> a, std::span<const LocalId> b, bool positive,
               double weight, MatRef dtable) {
  VGAE_CHECK(a.size() == b.size() && dtable.rows() == table.rows() && dtable.cols() == table.cols());
  const Eigen::Index d = table.cols();
  double total = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const float* za = table.row(a[k]).data();
    const float* zb = table.row(b[k]).data();
    float s = 0.0f;
    for (Eigen::Index c = 0; c < d; ++c) s += za[c] * zb[c];
    total += Softplus(positive ? -s : s);
    // d softplus(-s)/ds = -sigmoid(-s); d softplus(s)/ds = sigmoid(s).
    const float g = static_cast<float>(weight) * (positive ? -Sigmoid(-s) : Sigmoid(s));
    float* da = dtable.row(a[k]).data();
    float* db = dtable.row(b[k]).data();
    for (Eigen::Index c = 0; c < d; ++c) {
      const float va = za[c], vb = zb[c];  // read both first: a and b may be the same row
      da[c] += g * vb;
      db[c] += g * va;
    }
  }
  return weight * total;
}

DenseBceWeights MakeDenseBceWeights(std::int64_t num_nodes, std::int64_t num_train_edges) {
  const double n2 = static_cast<double>(num_nodes) * static_cast<double>(num_nodes);
  // As tkipf/gae's train.py: from adj_train.sum() = 2M, without the diagonal the labels carry.
  const double pos = 2.0 * static_cast<double>(num_train_edges);
  VGAE_CHECK(n2 > pos);
  return {(n2 - pos) / pos, n2 / (2.0 * (n2 - pos)), num_nodes};
}

double DenseBcePartial(ConstMatRef z_all, std::span<const GlobalId> owned, const CsrView<GlobalId>& adj,
                       const DenseBceWeights& w, MatRef dz_owned) {
  const Eigen::Index n = z_all.rows();
  VGAE_CHECK(n == w.num_nodes && adj.rows == static_cast<std::int64_t>(owned.size()));
  VGAE_CHECK(dz_owned.rows() == adj.rows && dz_owned.cols() == z_all.cols());
  const double scale = w.norm / (static_cast<double>(n) * static_cast<double>(n));
  constexpr Eigen::Index kBlock = 128;  // rows per block: the logit block is kBlock × N floats
  RowMatrixXf zo(std::min<Eigen::Index>(kBlock, adj.rows), z_all.cols());
  RowMatrixXf logits;
  Eigen::ArrayXf e(n);
  double total = 0.0;
  for (Eigen::Index r0 = 0; r0 < adj.rows; r0 += kBlock) {
    const Eigen::Index rows = std::min<Eigen::Index>(kBlock, adj.rows - r0);
    zo.resize(rows, z_all.cols());
    for (Eigen::Index i = 0; i < rows; ++i) zo.row(i) = z_all.row(owned[r0 + i]);
    logits.noalias() = zo * z_all.transpose();
    for (Eigen::Index i = 0; i < rows; ++i) {
      float* l = logits.row(i).data();
      // Every column as a negative first (vectorised: one exp per entry gives softplus and sigmoid), then
      // the positives (neighbours and self) are corrected in place.
      Eigen::Map<Eigen::ArrayXf> lr(l, n);
      e = (-lr.abs()).exp();
      // log(1 + e) rather than log1p, and a float row sum: both vectorise; the differences are below the
      // float precision of the result. sigmoid(l) = (1 + sign(l)·(1 - e)/(1 + e)) / 2 with the same e.
      double row_total = static_cast<double>((lr.max(0.0f) + (1.0f + e).log()).sum());
      lr = (0.5f * static_cast<float>(scale)) * (1.0f + lr.sign() * (1.0f - e) / (1.0f + e));
      auto correct = [&](GlobalId j) {
        const float s = z_all.row(j).dot(zo.row(i));
        row_total += w.pos_weight * Softplus(-s) - Softplus(s);
        l[j] = static_cast<float>(scale * -w.pos_weight) * Sigmoid(-s);
      };
      for (auto k = adj.indptr[r0 + i]; k < adj.indptr[r0 + i + 1]; ++k) correct(adj.indices[k]);
      correct(owned[r0 + i]);
      total += row_total;
    }
    dz_owned.middleRows(r0, rows).noalias() = 2.0f * logits.topRows(rows) * z_all;
  }
  return scale * total;
}

}  // namespace vgae::core
