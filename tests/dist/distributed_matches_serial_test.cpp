// The distributed encoder and trainer against the single-rank answer. Every rank also runs the whole problem
// alone (on MPI_COMM_SELF, where the trivial partition applies), so each rank holds its own serial oracle.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/encoder.h"
#include "core/gcn_operator.h"
#include "dist/comm.h"
#include "dist/pair_index.h"
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

// This rank's shard of a fresh random graph file (default spec) called `name`.
dist::Shard LoadRandomShard(const Comm& world, const std::string& name) {
  io::GraphReader reader(testing::MakeRandomGraphFile({}, name), world.raw());
  return dist::LoadShard(world, reader, {});
}

// A sparser graph of 6,000 nodes: most boundary rows border one peer, so the shards' row order puts hundreds of
// the rows each peer needs in one run, and the halo exchange sends them without packing (the default graph's
// 90 nodes make runs too short for that, and every row is packed).
const testing::RandomGraphSpec kRunsGraph{6000, 6000, 6, 0.3, 7};

class DistributedMatchesSerial : public ::testing::TestWithParam<std::tuple<bool, bool>> {};

TEST_P(DistributedMatchesSerial, EncoderForwardAndBackward) {
  const auto [variational, runs] = GetParam();
  const Comm world = Comm::World(), self(MPI_COMM_SELF);
  const auto path = testing::MakeRandomGraphFile(runs ? kRunsGraph : testing::RandomGraphSpec{},
                                                 std::string(variational ? "enc_vgae" : "enc_gae") + (runs ? "_runs" : ""));
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
  if (runs && world.size() > 1) {
    EXPECT_GT(halo.Plan().NumServedInPlace(), 0u) << "no halo row was sent in place: the test would not cover it";
  }
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

INSTANTIATE_TEST_SUITE_P(Models, DistributedMatchesSerial, ::testing::Combine(::testing::Bool(), ::testing::Bool()),
                         [](const auto& p) {
                           return std::string(std::get<0>(p.param) ? "VGAE" : "GAE") +
                                  (std::get<1>(p.param) ? "_InPlaceRuns" : "_Packed");
                         });

// The shard's row order: interior rows first, every rank agreeing on where each node sits, and (two ranks) all
// the rows the peer needs in one run, sent in place.
TEST(ShardRowOrder, InteriorFirstAndOwnersAgreeOnEveryRow) {
  const Comm world = Comm::World();
  io::GraphReader reader(testing::MakeRandomGraphFile(kRunsGraph, "row_order"), world.raw());
  const auto shard = dist::LoadShard(world, reader, {});
  const auto& owned = shard.own.Owned();
  const auto n_owned = shard.NumOwned();
  std::int64_t first_boundary = n_owned;
  for (std::int64_t i = 0; i < n_owned; ++i) {
    ASSERT_EQ(shard.own.RowAtOwner(owned[static_cast<std::size_t>(i)]), i);
    ASSERT_EQ(shard.own.LocalOf(owned[static_cast<std::size_t>(i)]), i);
    bool boundary = false;
    for (auto k = shard.op.indptr[i]; k < shard.op.indptr[i + 1]; ++k) boundary |= shard.op.indices[k] >= n_owned;
    if (boundary) first_boundary = std::min(first_boundary, i);
    ASSERT_TRUE(boundary || first_boundary == n_owned) << "interior row " << i << " after boundary row " << first_boundary;
  }
  // Every rank's view of where each node sits is the owner's own.
  std::vector<GlobalId> rows(static_cast<std::size_t>(shard.num_nodes));
  for (GlobalId g = 0; g < shard.num_nodes; ++g) rows[static_cast<std::size_t>(g)] = shard.own.RowAtOwner(g);
  auto mine = rows;
  for (auto& r : mine) r = -r;
  for (auto g : owned) mine[static_cast<std::size_t>(g)] = 0;  // owners contribute 0, others -row: sum is -(P-1)·row
  world.AllreduceSum<GlobalId>(mine);
  for (GlobalId g = 0; g < shard.num_nodes; ++g)
    ASSERT_EQ(mine[static_cast<std::size_t>(g)], -(world.size() - 1) * rows[static_cast<std::size_t>(g)]) << "node " << g;
  // Row i of S and row i of owned_adj are the same node's: S's columns are its training neighbours and itself.
  for (std::int64_t i = 0; i < n_owned; ++i) {
    std::vector<GlobalId> from_op, from_adj(shard.owned_adj.indices.begin() + shard.owned_adj.indptr[i],
                                            shard.owned_adj.indices.begin() + shard.owned_adj.indptr[i + 1]);
    for (auto k = shard.op.indptr[i]; k < shard.op.indptr[i + 1]; ++k) {
      const auto c = shard.op.indices[k];
      from_op.push_back(c < n_owned ? owned[static_cast<std::size_t>(c)] : shard.halo[static_cast<std::size_t>(c - n_owned)]);
    }
    from_adj.push_back(owned[static_cast<std::size_t>(i)]);
    std::sort(from_op.begin(), from_op.end());
    std::sort(from_adj.begin(), from_adj.end());
    ASSERT_EQ(from_op, from_adj) << "row " << i;
  }
  const dist::HaloExchange halo(world, shard.own, shard.halo);
  if (world.size() == 2) {
    EXPECT_GT(halo.Plan().NumServed(), dist::RowPlan::kMinRunRows);
    EXPECT_EQ(halo.Plan().NumServedInPlace(), halo.Plan().NumServed());
  }
}

// A rank that starts its side of the exchange late makes its peers wait in Finish; that wait is counted as waiting
// on a late peer, and the late rank itself (whose peers began long before) counts none of it.
TEST(HaloExchange, WaitingOnALatePeerIsCountedApart) {
  const Comm world = Comm::World();
  io::GraphReader reader(testing::MakeRandomGraphFile(kRunsGraph, "peer_late"), world.raw());
  const auto shard = dist::LoadShard(world, reader, {});
  dist::HaloExchange halo(world, shard.own, shard.halo);
  ASSERT_TRUE(halo.PeerLatenessKnown()) << "the test's ranks share one host";
  RowMatrixXf buf = RowMatrixXf::Zero(shard.NumOwned() + static_cast<Eigen::Index>(shard.halo.size()), 8);
  const Rank late = world.size() - 1;
  constexpr double kDelay = 0.2;
  world.Barrier();
  if (world.rank() == late) std::this_thread::sleep_for(std::chrono::duration<double>(kDelay));
  halo.Start(buf);
  halo.Finish(buf);
  const auto& st = halo.GetStats();
  EXPECT_GE(st.peer_late_seconds, 0.0);
  EXPECT_LE(st.peer_late_seconds, st.finish_seconds);
  const auto wants = halo.Plan().WantCounts();
  if (world.rank() != late && wants[static_cast<std::size_t>(late)] > 0) {
    EXPECT_GE(st.peer_late_seconds, 0.75 * kDelay) << "waited " << st.finish_seconds << " s in Finish";
  }
  if (world.rank() == late) {
    EXPECT_LT(st.peer_late_seconds, 0.5 * kDelay);
  }
  // Someone received from the late rank, so the test measured something.
  const auto receivers = world.AllreduceSum<std::int64_t>(world.rank() != late && wants[static_cast<std::size_t>(late)] > 0);
  if (world.size() > 1) {
    EXPECT_GT(receivers, 0);
  }
}

// FetchStart sends runs of rows in place and packs the rest; a strided source packs everything. Both must land
// every wanted row, and a list mixing one long run with scattered rows must use both paths.
TEST(RowPlanFetch, InPlaceRunsAndPackedRowsLandTheSameRows) {
  const Comm world = Comm::World();
  io::GraphReader reader(testing::MakeRandomGraphFile(kRunsGraph, "fetch_runs"), world.raw());
  const auto shard = dist::LoadShard(world, reader, {});
  std::vector<GlobalId> wanted;
  for (GlobalId g = 0; g < shard.num_nodes; ++g) {
    const auto row = shard.own.RowAtOwner(g);
    if (shard.own.Owner(g) != world.rank() && (row < 300 || row % 5 == 0)) wanted.push_back(g);
  }
  dist::SortByOwner(shard.own, wanted);
  dist::RowPlan plan(world, shard.own, wanted);
  const auto n_owned = shard.NumOwned(), n_wanted = static_cast<Eigen::Index>(wanted.size());
  const int d = 3;
  RowMatrixXf wide = RowMatrixXf::Constant(n_owned, d + 2, -1.0f);
  for (Eigen::Index i = 0; i < n_owned; ++i)
    for (int c = 0; c < d; ++c) wide(i, c) = static_cast<float>(10 * shard.own.Owned()[static_cast<std::size_t>(i)] + c);
  const RowMatrixXf contiguous = wide.leftCols(d);
  const Eigen::Map<const RowMatrixXf, 0, Eigen::OuterStride<>> strided(wide.data(), n_owned, d, Eigen::OuterStride<>(d + 2));
  RowMatrixXf a = RowMatrixXf::Zero(n_owned + n_wanted, d), b = a;
  plan.Fetch(world, contiguous, a, n_owned);
  const auto in_place = world.AllreduceSum<std::int64_t>(static_cast<std::int64_t>(plan.NumServedInPlace()));
  const auto served = world.AllreduceSum<std::int64_t>(static_cast<std::int64_t>(plan.NumServed()));
  plan.Fetch(world, strided, b, n_owned);
  for (Eigen::Index k = 0; k < n_wanted; ++k)
    for (int c = 0; c < d; ++c) {
      ASSERT_EQ(a(n_owned + k, c), static_cast<float>(10 * wanted[static_cast<std::size_t>(k)] + c)) << "wanted row " << k;
      ASSERT_EQ(b(n_owned + k, c), a(n_owned + k, c)) << "wanted row " << k;
    }
  if (world.size() > 1) {
    EXPECT_GT(in_place, 0);
    EXPECT_LT(in_place, served);
  }
}

struct TrainCase {
  bool variational;
  dist::LossKind loss;
  int neg_ratio;
  const char* name;
  dist::ReconWeighting weighting = dist::ReconWeighting::kMeans;
  bool tiled = false;  // the distributed trainer puts its negatives in tile order (the serial one never does)
  dist::TableLayout layout = dist::TableLayout::kAuto;  // the distributed trainer's (one rank has no remote rows)
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
  dist::TrainConfig tiled = config;
  tiled.pair_layout = tc.layout;
  if (tc.tiled) {
    tiled.pair_tiling.above_table_bytes = 0;
    tiled.pair_tiling.tile_side_bytes = 16 * 4 * 8;  // tiles of 32 rows of 4 floats
  }
  dist::Trainer trainer(world, reader, tiled);
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

// Run ends by freeing the epoch buffers (pair index, loss gradient table, eps, dZ) before its evaluation; the
// epochs stepped after it must allocate them again and give the same bits as a trainer that never stopped.
TEST(TrainerEpochBuffers, StepsAfterRunEqualUninterruptedTraining) {
  const Comm world = Comm::World();
  const auto path = testing::MakeRandomGraphFile({}, "trainer_release");
  dist::TrainConfig config;
  config.variational = true;
  config.neg_ratio = 3;
  config.weighting = dist::ReconWeighting::kTkipf;
  config.hidden = 8;
  config.latent = 4;
  config.epochs = 3;
  config.seed = 9;
  io::GraphReader reader(path, world.raw());
  dist::Trainer stopped(world, reader, config), straight(world, reader, config);
  const auto run = stopped.Run();
  ASSERT_EQ(run.epochs.size(), 3u);
  EXPECT_EQ(stopped.EpochBufferBytes(), 0u) << "Run ended without freeing the epoch buffers";
  for (int epoch = 1; epoch <= 5; ++epoch) {
    const auto b = straight.Step(epoch);
    if (epoch <= 3) {
      EXPECT_EQ(run.epochs[static_cast<std::size_t>(epoch - 1)].loss, b.loss) << "epoch " << epoch;
      continue;
    }
    const auto a = stopped.Step(epoch);
    EXPECT_GT(stopped.EpochBufferBytes(), 0u);
    EXPECT_EQ(stopped.EpochBufferBytes(), straight.EpochBufferBytes()) << "epoch " << epoch;
    EXPECT_EQ(a.loss, b.loss) << "epoch " << epoch;
    EXPECT_EQ(a.kl, b.kl) << "epoch " << epoch;
  }
  const auto pa = stopped.Params().Flat(), pb = straight.Params().Flat();
  EXPECT_TRUE(std::equal(pa.begin(), pa.end(), pb.begin(), pb.end()));
  EXPECT_EQ(stopped.Evaluate(true).auc, straight.Evaluate(true).auc);
}

// RowPlan::Return sends a row-major gradient block from where it is, and packs a strided one first: both must add
// the same values to the owners' rows, and those must be the sums of what every rank's pairs put there.
TEST(RowPlanReturn, StridedAndContiguousGradientsAddTheSameRows) {
  const Comm world = Comm::World();
  const auto shard = LoadRandomShard(world, "return_strided");
  const auto n = shard.num_nodes;
  // Every rank asks for the rows of nodes (r + 3k) mod n: owned ones or not, each some ranks' wanted row.
  std::vector<GlobalId> a, b;
  for (GlobalId k = 0; k < n; ++k) {
    a.push_back(shard.own.Owned().empty() ? 0 : shard.own.Owned()[static_cast<std::size_t>(k) % shard.own.Owned().size()]);
    b.push_back((world.rank() + 3 * k) % n);
  }
  auto index = dist::IndexPairs(world, shard.own, a, b);
  const auto rows = index.TableRows(), d = Eigen::Index{3};
  // The gradient of table row t: a function of the node it holds and of this rank, so sums are checkable.
  RowMatrixXf wide(rows, 5);
  wide.setConstant(-7.0f);
  RowMatrixXf contiguous(rows, d);
  for (Eigen::Index t = 0; t < rows; ++t)
    for (Eigen::Index c = 0; c < d; ++c)
      contiguous(t, c) = wide(t, c) = static_cast<float>(world.rank() + 1) * static_cast<float>(t + 10 * c + 1);
  const Eigen::Map<const RowMatrixXf, 0, Eigen::OuterStride<>> strided(wide.data(), rows, d, Eigen::OuterStride<>(5));
  RowMatrixXf target_a = RowMatrixXf::Zero(shard.NumOwned(), d), target_b = target_a;
  index.plan.Return(world, contiguous, index.n_owned, target_a);
  index.plan.Return(world, strided, index.n_owned, target_b);
  EXPECT_EQ(target_a, target_b);
  // Nothing lost or counted twice: over all ranks, what the owners received adds up to the remote rows sent.
  double sums[2] = {0.0, 0.0};
  for (Eigen::Index t = index.n_owned; t < rows; ++t) sums[0] += contiguous.row(t).cast<double>().sum();
  sums[1] = target_a.cast<double>().sum();
  world.AllreduceSum<double>(sums);
  EXPECT_NEAR(sums[1], sums[0], 1e-6 * std::abs(sums[0]));
  if (world.size() > 1) {
    EXPECT_GT(sums[0], 0.0);
  }
}

// A fill that can also write LocalIds lets one rank draw straight into the index (its rows are the node ids); at
// every rank count the index must be the one the 64-bit staged path builds from the same list.
TEST(PairIndexer, DrawingRowsDirectlyGivesTheStagedIndex) {
  const Comm world = Comm::World();
  const auto shard = LoadRandomShard(world, "pair_index_direct");
  const auto n = static_cast<std::uint64_t>(shard.num_nodes);
  // Past one block, so several blocks (and threads, where there are several) fill it.
  const std::size_t count = 3 * dist::PairIndexer::kBlock + 5;
  // Ids drawn per pair index so that any block split gives the same list: pair k is (k·7919 mod n, k² mod n).
  const auto fill = [&]<typename Id>(std::size_t begin, std::size_t end, Id* a, Id* b) {
    for (std::size_t k = begin; k < end; ++k) {
      a[k - begin] = static_cast<Id>((k * 7919 + static_cast<std::size_t>(world.rank())) % n);
      b[k - begin] = static_cast<Id>((k * k) % n);
    }
  };
  const auto fill_global = [&](std::size_t begin, std::size_t end, GlobalId* a, GlobalId* b) { fill(begin, end, a, b); };
  static_assert(!std::invocable<decltype(fill_global), std::size_t, std::size_t, LocalId*, LocalId*>);
  ASSERT_TRUE(dist::PairIndexer::Fill(fill).WritesRows());
  ASSERT_FALSE(dist::PairIndexer::Fill(fill_global).WritesRows());
  dist::PairIndexer direct(shard.own), staged(shard.own);
  dist::PairIndex x, y;
  direct.Index(world, count, fill, x);
  staged.Index(world, count, fill_global, y);
  EXPECT_EQ(x.n_owned, y.n_owned);
  EXPECT_EQ(x.TableRows(), y.TableRows());
  EXPECT_EQ(x.a, y.a);
  EXPECT_EQ(x.b, y.b);
  if (world.size() == 1) {  // the rows are the ids themselves
    for (std::size_t k = 0; k < count; ++k) ASSERT_EQ(x.b[k], static_cast<LocalId>((k * k) % n)) << "pair " << k;
  }
}

// Whatever the layout of the remote rows, each pair's two table rows must hold its endpoints' rows once the table
// is filled, also when one indexer serves a second list; kAuto must lay out every remote row for a list long
// enough to name about all of them, and only the named ones for a short list. On the larger graph every owner's
// rows are long enough to be sent in place: the all-remote layout lists them in the owner's row order, so none is
// packed.
class PairIndexerLayouts : public ::testing::TestWithParam<bool> {};

TEST_P(PairIndexerLayouts, EveryLayoutPointsAtTheEndpointsRows) {
  const Comm world = Comm::World();
  const bool runs = GetParam();
  io::GraphReader reader(testing::MakeRandomGraphFile(runs ? kRunsGraph : testing::RandomGraphSpec{},
                                                      runs ? "pair_index_layouts_runs" : "pair_index_layouts"),
                         world.raw());
  const auto shard = dist::LoadShard(world, reader, {});
  const auto n = static_cast<std::size_t>(shard.num_nodes);
  const int d = 3;
  // Row of node g: g, 10g + 1, 10g + 2 (exact in float).
  RowMatrixXf owned_rows(shard.NumOwned(), d);
  for (std::size_t i = 0; i < shard.own.Owned().size(); ++i)
    for (int c = 0; c < d; ++c)
      owned_rows(static_cast<Eigen::Index>(i), c) = static_cast<float>(10 * shard.own.Owned()[i] + static_cast<GlobalId>(c));
  const auto check = [&](dist::TableLayout layout, std::size_t count, std::size_t shift) {
    SCOPED_TRACE(::testing::Message() << "layout " << static_cast<int>(layout) << ", " << count << " pairs");
    const auto pair = [&](std::size_t k) {
      return std::pair<GlobalId, GlobalId>(static_cast<GlobalId>((k * 7919 + shift + static_cast<std::size_t>(world.rank())) % n),
                                           static_cast<GlobalId>((k * k + 3 * k + shift) % n));
    };
    const auto fill = [&](std::size_t begin, std::size_t end, GlobalId* a, GlobalId* b) {
      for (std::size_t k = begin; k < end; ++k) std::tie(a[k - begin], b[k - begin]) = pair(k);
    };
    dist::PairIndexer indexer(shard.own, layout);
    dist::PairIndex index;
    RowMatrixXf table;
    for (int list = 0; list < 2; ++list) {  // the second list reuses the indexer's rows
      indexer.Index(world, count + static_cast<std::size_t>(list), fill, index);
      dist::FillTable(world, index, owned_rows, table);
      const auto expect_at = [&](LocalId row, GlobalId g) {
        ASSERT_GE(row, 0);
        ASSERT_LT(row, index.TableRows());
        for (int c = 0; c < d; ++c) ASSERT_EQ(table(row, c), static_cast<float>(10 * g + c)) << "node " << g;
      };
      for (std::size_t k = 0; k < index.a.size(); ++k) {
        const auto [ga, gb] = pair(k);
        expect_at(index.a[k], ga);
        expect_at(index.b[k], gb);
      }
    }
    if (runs && layout == dist::TableLayout::kAllRemote && world.size() > 1) {
      EXPECT_GT(index.plan.NumServed(), 0u);
      EXPECT_EQ(index.plan.NumServedInPlace(), index.plan.NumServed());
    }
    return std::pair(indexer.LastLayout(), index.TableRows());
  };
  const std::size_t long_list =
      std::max<std::size_t>(3 * dist::PairIndexer::kBlock + 5,
                            static_cast<std::size_t>(dist::PairIndexer::kAllRemoteCoverage * static_cast<double>(n)) / 2 + 1);
  const std::size_t short_list = 7;
  ASSERT_GE(2 * long_list, dist::PairIndexer::kAllRemoteCoverage * n);
  ASSERT_LT(2 * short_list, dist::PairIndexer::kAllRemoteCoverage * n);
  const auto [all_layout, all_rows] = check(dist::TableLayout::kAllRemote, long_list, 0);
  EXPECT_EQ(all_layout, dist::TableLayout::kAllRemote);
  EXPECT_EQ(all_rows, static_cast<Eigen::Index>(n)) << "every node once: owned rows, then every remote row";
  const auto [wanted_layout, wanted_rows] = check(dist::TableLayout::kWanted, long_list, 0);
  EXPECT_EQ(wanted_layout, dist::TableLayout::kWanted);
  EXPECT_LE(wanted_rows, all_rows);
  EXPECT_EQ(check(dist::TableLayout::kAllRemote, short_list, 5).second, static_cast<Eigen::Index>(n));
  if (world.size() > 1) {  // one rank has no remote rows to lay out
    EXPECT_EQ(check(dist::TableLayout::kAuto, long_list, 1).first, dist::TableLayout::kAllRemote);
    const auto [short_layout, short_rows] = check(dist::TableLayout::kAuto, short_list, 1);
    EXPECT_EQ(short_layout, dist::TableLayout::kWanted);
    EXPECT_LE(short_rows, shard.NumOwned() + 2 * static_cast<Eigen::Index>(short_list + 1));
  }
}

INSTANTIATE_TEST_SUITE_P(Graphs, PairIndexerLayouts, ::testing::Bool(),
                         [](const auto& p) { return p.param ? "InPlaceRuns" : "Packed"; });

INSTANTIATE_TEST_SUITE_P(
    Losses, TrainerMatchesSerial,
    ::testing::Values(TrainCase{true, dist::LossKind::kSampled, 1, "VgaeSampled"},
                      TrainCase{false, dist::LossKind::kSampled, 3, "GaeSampled3"},
                      TrainCase{true, dist::LossKind::kSampled, 2, "VgaeSampledTkipf", dist::ReconWeighting::kTkipf},
                      TrainCase{false, dist::LossKind::kSampled, 1, "GaeSampledTkipf", dist::ReconWeighting::kTkipf},
                      TrainCase{true, dist::LossKind::kSampled, 3, "VgaeSampledTiled", dist::ReconWeighting::kTkipf,
                                true},
                      TrainCase{true, dist::LossKind::kSampled, 3, "VgaeSampledWantedRows",
                                dist::ReconWeighting::kTkipf, false, dist::TableLayout::kWanted},
                      TrainCase{false, dist::LossKind::kSampled, 1, "GaeSampledAllRemoteRows",
                                dist::ReconWeighting::kMeans, false, dist::TableLayout::kAllRemote},
                      TrainCase{true, dist::LossKind::kSampled, 3, "VgaeSampledTiledAllRemoteRows",
                                dist::ReconWeighting::kTkipf, true, dist::TableLayout::kAllRemote},
                      TrainCase{true, dist::LossKind::kDense, 1, "VgaeDense"},
                      TrainCase{false, dist::LossKind::kDense, 1, "GaeDense"}),
    [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace vgae
