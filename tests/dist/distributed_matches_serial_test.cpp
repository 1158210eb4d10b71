// The distributed encoder and trainer against the single-rank answer. Every rank also runs the whole problem
// alone (on MPI_COMM_SELF, where the trivial partition applies), so each rank holds its own serial oracle.
#include <gtest/gtest.h>

#include "core/encoder.h"
#include "core/gcn_operator.h"
#include "dist/comm.h"
#include "dist/shard.h"
#include "dist/trainer.h"
#include "io/graph_reader.h"
#include "random_graph_fixture.h"

namespace vgae {
namespace {

using dist::Comm;

float MaxRelDiff(std::span<const float> a, std::span<const float> b) {
  float scale = 1e-6f, diff = 0.0f;
  for (std::size_t i = 0; i < a.size(); ++i) {
    scale = std::max(scale, std::abs(b[i]));
    diff = std::max(diff, std::abs(a[i] - b[i]));
  }
  return diff / scale;
}

// dL/dZ for a fixed linear functional of Z: the same values for a node whichever rank owns it.
RowMatrixXf FixedGradient(std::span<const GlobalId> gids, int d) {
  RowMatrixXf g(static_cast<Eigen::Index>(gids.size()), d);
  for (std::size_t i = 0; i < gids.size(); ++i)
    for (int c = 0; c < d; ++c) g(static_cast<Eigen::Index>(i), c) = std::sin(0.7f * static_cast<float>(gids[i]) + 1.3f * static_cast<float>(c));
  return g;
}

class DistributedMatchesSerial : public ::testing::TestWithParam<bool> {};

TEST_P(DistributedMatchesSerial, EncoderForwardAndBackward) {
  const bool variational = GetParam();
  const Comm world = Comm::World(), self(MPI_COMM_SELF);
  const auto path = testing::MakeRandomGraphFile({}, variational ? "enc_vgae" : "enc_gae");
  io::GraphReader reader(path, world.raw());
  io::GraphReader serial_reader(path, self.raw());
  const auto shard = dist::LoadShard(world, reader, {});
  const auto full = dist::LoadShard(self, serial_reader, {});
  ASSERT_EQ(full.NumOwned(), reader.Info().num_nodes);

  core::EncoderShape shape{shard.feature_dim, 8, 4, variational};
  core::Parameters params(shape);
  core::GlorotInit(params, 3);
  const std::uint64_t seed = 11;
  const int epoch = 5;

  dist::HaloExchange halo(world, shard.own, shard.halo);
  core::Encoder enc(shape, shard.op.View(), shard.x.View(), halo);
  RowMatrixXf eps(shard.NumOwned(), shape.latent);
  core::SampleEpsilon(seed, epoch, shard.own.Owned(), eps);
  enc.Forward(params, eps);

  core::NoExchange none;
  core::Encoder serial(shape, full.op.View(), full.x.View(), none);
  RowMatrixXf eps_full(full.NumOwned(), shape.latent);
  core::SampleEpsilon(seed, epoch, full.own.Owned(), eps_full);
  serial.Forward(params, eps_full);

  // Forward: every owned row equals the serial row of the same node (same summation order: bit-identical).
  for (std::int64_t i = 0; i < shard.NumOwned(); ++i) {
    const auto g = shard.own.Owned()[static_cast<std::size_t>(i)];
    for (int c = 0; c < shape.latent; ++c) {
      EXPECT_FLOAT_EQ(enc.Z()(i, c), serial.Z()(g, c)) << "node " << g << " dim " << c;
      EXPECT_FLOAT_EQ(enc.Mu()(i, c), serial.Mu()(g, c));
    }
  }
  const double kl = world.AllreduceSum(enc.KlPartial(shard.num_nodes));
  EXPECT_NEAR(kl, serial.KlPartial(full.num_nodes), 1e-9 + 1e-6 * std::abs(kl));

  // Backward: the all-reduced weight gradient equals the serial gradient.
  std::vector<float> grad(params.Flat().size()), grad_full(params.Flat().size());
  const auto kl_n = variational ? shard.num_nodes : 0;
  enc.Backward(params, FixedGradient(shard.own.Owned(), shape.latent), kl_n, grad);
  world.AllreduceSum<float>(grad);
  serial.Backward(params, FixedGradient(full.own.Owned(), shape.latent), kl_n, grad_full);
  EXPECT_LT(MaxRelDiff(grad, grad_full), 1e-5f);
}

INSTANTIATE_TEST_SUITE_P(Models, DistributedMatchesSerial, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "VGAE" : "GAE"; });

struct TrainCase {
  bool variational;
  dist::LossKind loss;
  int neg_ratio;
  const char* name;
  dist::ReconWeighting weighting = dist::ReconWeighting::kMeans;
};

class TrainerMatchesSerial : public ::testing::TestWithParam<TrainCase> {};

TEST_P(TrainerMatchesSerial, LossCurveParametersAndMetrics) {
  const auto tc = GetParam();
  const Comm world = Comm::World(), self(MPI_COMM_SELF);
  const auto path = testing::MakeRandomGraphFile({}, std::string("trainer_") + tc.name);
  dist::TrainConfig config;
  config.variational = tc.variational;
  config.loss = tc.loss;
  config.neg_ratio = tc.neg_ratio;
  config.weighting = tc.weighting;
  config.hidden = 8;
  config.latent = 4;
  config.epochs = 6;
  config.seed = 5;
  io::GraphReader reader(path, world.raw());
  io::GraphReader serial_reader(path, self.raw());
  dist::Trainer trainer(world, reader, config);
  dist::Trainer serial(self, serial_reader, config);
  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    const auto a = trainer.Step(epoch);
    const auto b = serial.Step(epoch);
    EXPECT_NEAR(a.loss, b.loss, 1e-5 * std::abs(b.loss)) << "epoch " << epoch;
    EXPECT_NEAR(a.kl, b.kl, 1e-6 + 1e-5 * std::abs(b.kl)) << "epoch " << epoch;
  }
  EXPECT_LT(MaxRelDiff(trainer.Params().Flat(), serial.Params().Flat()), 1e-4f);
  const auto m = trainer.Evaluate(true), ms = serial.Evaluate(true);
  EXPECT_NEAR(m.auc, ms.auc, 1e-6);
  EXPECT_NEAR(m.ap, ms.ap, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Losses, TrainerMatchesSerial,
    ::testing::Values(TrainCase{true, dist::LossKind::kSampled, 1, "VgaeSampled"},
                      TrainCase{false, dist::LossKind::kSampled, 3, "GaeSampled3"},
                      TrainCase{true, dist::LossKind::kSampled, 2, "VgaeSampledTkipf", dist::ReconWeighting::kTkipf},
                      TrainCase{false, dist::LossKind::kSampled, 1, "GaeSampledTkipf", dist::ReconWeighting::kTkipf},
                      TrainCase{true, dist::LossKind::kDense, 1, "VgaeDense"},
                      TrainCase{false, dist::LossKind::kDense, 1, "GaeDense"}),
    [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace vgae
