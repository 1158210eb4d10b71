#include "dist/trainer.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

#include "core/error.h"
#include "core/loss.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/rng.h"
#include "dist/memory_estimate.h"
#include "dist/pair_index.h"
#include "io/format.h"
#include "io/system_memory.h"

namespace vgae::dist {

namespace {
using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// MiB of a /proc figure (io/system_memory.h), -1 when it could not be read.
double MiB(std::optional<std::uint64_t> bytes) { return bytes ? static_cast<double>(*bytes) / (1 << 20) : -1.0; }
// This process's peak resident set: the train stage never resets it, so it is the whole run's.
double PeakRssMb() { return MiB(io::PeakResidentBytes()); }

// This rank's block of a pair list: rows [r·M/P, (r+1)·M/P).
std::pair<std::int64_t, std::int64_t> Block(std::int64_t m, const Comm& comm) {
  const auto b = m * comm.rank() / comm.size(), e = m * (comm.rank() + 1) / comm.size();
  return {b, e - b};
}

// Runs before any member is built from the config: a negative width must not reach an allocation first.
const TrainConfig& Validated(const TrainConfig& c) {
  auto at_least = [](const char* flag, long long value, long long min) {
    if (value < min) throw ConfigError(detail::Concat(flag, " must be at least ", min, ", found ", value));
  };
  at_least("--hidden", c.hidden, 1);
  at_least("--latent", c.latent, 1);
  at_least("--neg-ratio", c.neg_ratio, 1);
  at_least("--epochs", c.epochs, 0);
  at_least("--eval-every", c.eval_every, 0);
  if (!(std::isfinite(c.lr) && c.lr > 0.0f))
    throw ConfigError(detail::Concat("--lr must be a positive finite number, found ", c.lr));
  return c;
}

// Test hook (docs/FAULT_TOLERANCE.md): VGAE_FAULT_INJECT_NAN_EPOCH=N makes rank 0's gradient NaN at epoch N.
int NanInjectionEpoch() {
  const char* v = std::getenv("VGAE_FAULT_INJECT_NAN_EPOCH");
  return v ? std::atoi(v) : 0;
}

std::int64_t EvalPairsHere(const io::GraphReader& reader, const Comm& comm) {
  std::int64_t total = 0;
  for (const char* name : {io::names::kSplitValPos, io::names::kSplitValNeg, io::names::kSplitTestPos,
                           io::names::kSplitTestNeg})
    total += Block(reader.NumPairs(name), comm).second;
  return total;
}
}  // namespace

// Evaluation pairs of one split (val or test), indexed once.
struct Trainer::PairSet {
  PairIndex pos, neg;
};

namespace {
PairIndex LoadPairs(const Comm& comm, const io::GraphReader& reader, const Ownership& own, const std::string& name) {
  const auto [begin, count] = Block(reader.NumPairs(name), comm);
  const auto flat = reader.ReadPairs(name, begin, count);
  std::vector<GlobalId> a(static_cast<std::size_t>(count)), b(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    a[i] = flat[2 * i];
    b[i] = flat[2 * i + 1];
  }
  return IndexPairs(comm, own, a, b);
}
}  // namespace

Trainer::Trainer(const Comm& comm, const io::GraphReader& reader, const TrainConfig& config)
    : comm_(comm),
      runtime_rss_mb_(PeakRssMb()),
      config_(Validated(config)),
      shard_(LoadShard(comm, reader, config.shard)),
      shape_{shard_.feature_dim, config.hidden, config.latent, config.variational},
      params_(shape_),
      adam_(params_.Flat().size(), core::AdamConfig{config.lr}) {
  if (shard_.num_train_edges == 0) throw ConfigError(reader.Path() + ": the training split has no edges");
  const auto estimate =
      EstimatePeakMemory(shard_, config_, static_cast<std::int64_t>(params_.Flat().size()), EvalPairsHere(reader, comm));
  estimated_peak_bytes_ = estimate.Total();
  const auto largest = comm.AllreduceMax<std::uint64_t>(estimate.Total());
  if (config_.max_memory_bytes > 0 && largest > config_.max_memory_bytes)
    throw ConfigError(detail::Concat("estimated peak memory per rank is up to ", largest >> 20,
                                     " MiB (this rank: ", estimate.Describe(), "), over --max-memory ",
                                     config_.max_memory_bytes, " bytes (", config_.max_memory_bytes >> 20,
                                     " MiB); use more ranks or raise --max-memory"));
  core::GlorotInit(params_, config.seed);
  halo_ = std::make_unique<HaloExchange>(comm, shard_.own, shard_.halo);
  encoder_ = std::make_unique<core::Encoder>(shape_, shard_.op.View(), shard_.x.View(), *halo_);
  encoder_->SetOverlap(config_.overlap);
  indexer_ = std::make_unique<PairIndexer>(shard_.own, config_.pair_layout);
  grad_.resize(params_.Flat().size());
  val_ = std::make_unique<PairSet>(PairSet{LoadPairs(comm, reader, shard_.own, io::names::kSplitValPos),
                                           LoadPairs(comm, reader, shard_.own, io::names::kSplitValNeg)});
  test_ = std::make_unique<PairSet>(PairSet{LoadPairs(comm, reader, shard_.own, io::names::kSplitTestPos),
                                            LoadPairs(comm, reader, shard_.own, io::names::kSplitTestNeg)});
  if (config.loss == LossKind::kDense) {
    if (static_cast<double>(shard_.num_nodes) * static_cast<double>(shard_.num_nodes) > 4e9)
      throw ConfigError(reader.Path() + ": --loss dense scores all N² pairs; this graph is too large (use sampled)");
    all_owned_ = comm.Allgatherv<GlobalId>(shard_.own.Owned());
  }
}

Trainer::~Trainer() = default;

double Trainer::SampledLoss(int epoch, RowMatrixXf& dz, EpochLog& log) {
  const auto n_pos = shard_.pos_u.size();
  const auto k = static_cast<std::size_t>(config_.neg_ratio);
  const auto n = static_cast<std::uint64_t>(shard_.num_nodes);
  const bool self_pairs = config_.weighting == ReconWeighting::kTkipf;
  // The negatives of positive edge `key` are a pure function of (seed, epoch, key): the same at any rank count
  // and any thread count.
  const auto seed = config_.seed;
  const auto& owned = shard_.own.Owned();
  // The pair list is [positives | k negatives per positive], drawn a block at a time by the indexer and never
  // held whole as global ids. (Self-pairs are not listed: they are the owned rows in order, scored in place by
  // SelfPairBce.)
  // Global ids, or (one rank: PairIndexer asks only where rows are ids) the same ids as table rows.
  const auto fill = [&]<typename Id>(std::size_t begin, std::size_t end, Id* a, Id* b) {
    std::size_t i = begin;
    for (; i < std::min(end, n_pos); ++i) {
      a[i - begin] = static_cast<Id>(owned[static_cast<std::size_t>(shard_.pos_u[i])]);
      b[i - begin] = static_cast<Id>(shard_.pos_v[i]);
    }
    if (i < end)
      core::UniformPairs(seed, core::Stream::kNegative, static_cast<std::uint64_t>(epoch), shard_.pos_key, k, n,
                         i - n_pos, std::span<Id>(a + (i - begin), end - i), std::span<Id>(b + (i - begin), end - i));
  };
  const auto t0 = Clock::now();
  indexer_->Index(comm_, n_pos * (1 + k), fill, pairs_);
  // One rank: the pairs index Z and dz themselves, with no copies in or out.
  const bool local = comm_.size() == 1;
  if (!local) FillTable(comm_, pairs_, encoder_->Z(), table_);
  log.negative_bytes = pairs_.plan.BytesSentLastCall();
  log.negative_ms += 1000.0 * Seconds(t0, Clock::now());
  const auto rows = pairs_.TableRows();
  if (!local && (dtable_.rows() < table_.rows() || dtable_.cols() != table_.cols()))
    core::ResizeRows(dtable_, table_.rows(), table_.cols());
  const ConstMatRef table = local ? ConstMatRef(encoder_->Z()) : ConstMatRef(table_.topRows(rows));
  MatRef dtable = local ? MatRef(dz) : MatRef(dtable_.topRows(rows));
  const double m = static_cast<double>(shard_.num_train_edges);
  const double negs = m * static_cast<double>(k);
  // Weights turn sums over this rank's pairs into terms of global means once the ranks' sums are added.
  double w_pos = 1.0 / m, w_neg = 1.0 / negs, w_self = 0.0;
  if (self_pairs) {
    const double all_pos = 2.0 * m + static_cast<double>(shard_.num_nodes);
    w_pos = 0.5 * 2.0 / all_pos;  // each undirected edge stands for both directions
    w_self = 0.5 / all_pos;
    w_neg = 0.5 / negs;
  }
  // The negatives' order is free (they are summed): past the caches, tile order keeps the rows they touch in cache.
  if (const int shift = config_.pair_tiling.Shift(rows, table.cols()); shift >= 0)
    core::OrderPairsByTile(std::span<LocalId>(pairs_.a).subspan(n_pos, n_pos * k),
                           std::span<LocalId>(pairs_.b).subspan(n_pos, n_pos * k), rows, shift, tile_counters_);
  std::span<const LocalId> ia(pairs_.a), ib(pairs_.b);
  auto& ws = bce_workspace_;
  // The table's first rows are the owned rows in order (FillTable), so the self-pairs are its top n_owned rows.
  // Scored first, they store their gradient there, and only the rows below need zeroing.
  double self_loss = 0.0;
  if (self_pairs) {
    const auto n_owned = pairs_.n_owned;
    self_loss = core::SelfPairBce(table.topRows(n_owned), w_self, dtable.topRows(n_owned), ws,
                                  core::GradientStore::kAssign);
    dtable.bottomRows(rows - n_owned).setZero();
  } else {
    dtable.setZero();
  }
  double loss = core::PairBce(table, ia.first(n_pos), ib.first(n_pos), true, w_pos, dtable, ws);
  loss += core::PairBce(table, ia.subspan(n_pos, n_pos * k), ib.subspan(n_pos, n_pos * k), false, w_neg, dtable, ws);
  loss += self_loss;
  if (local) return loss;
  dz = dtable.topRows(pairs_.n_owned);
  const auto t1 = Clock::now();
  pairs_.plan.Return(comm_, dtable, pairs_.n_owned, dz);
  log.negative_bytes += pairs_.plan.BytesSentLastCall();
  log.negative_ms += 1000.0 * Seconds(t1, Clock::now());
  return loss;
}

double Trainer::DenseLoss(RowMatrixXf& dz) {
  const auto& z = encoder_->Z();
  const auto gathered = comm_.Allgatherv<float>(std::span<const float>(z.data(), static_cast<std::size_t>(z.size())));
  RowMatrixXf z_all(shard_.num_nodes, config_.latent);
  for (std::size_t i = 0; i < all_owned_.size(); ++i)
    std::copy_n(gathered.data() + i * static_cast<std::size_t>(config_.latent), config_.latent, z_all.row(all_owned_[i]).data());
  const auto w = core::MakeDenseBceWeights(shard_.num_nodes, shard_.num_train_edges);
  return core::DenseBcePartial(z_all, shard_.own.Owned(), shard_.owned_adj.View(), w, dz);
}

std::size_t Trainer::EpochBufferBytes() const {
  const auto matrix = [](const RowMatrixXf& m) { return static_cast<std::size_t>(m.size()) * sizeof(float); };
  return matrix(dtable_) + matrix(eps_) + matrix(dz_) + (pairs_.a.capacity() + pairs_.b.capacity()) * sizeof(LocalId) +
         bce_workspace_.coef.capacity() * sizeof(float);
}

void Trainer::ReleaseEpochBuffers() {
  RowMatrixXf().swap(dtable_);
  RowMatrixXf().swap(eps_);
  RowMatrixXf().swap(dz_);
  pairs_ = PairIndex();
  indexer_->Release();
  bce_workspace_ = core::PairBceWorkspace();
}

EpochLog Trainer::Step(int epoch) {
  const auto t0 = Clock::now();
  EpochLog log;
  if (dz_.rows() != shard_.NumOwned() || dz_.cols() != config_.latent) {  // first epoch, or first after a release
    core::ResizeRows(eps_, shard_.NumOwned(), config_.latent);
    core::ResizeRows(dz_, shard_.NumOwned(), config_.latent);
  }
  halo_->ResetStats();
  if (config_.variational) core::SampleEpsilon(config_.seed, epoch, shard_.own.Owned(), eps_);
  encoder_->Forward(params_, eps_);
  double terms[2] = {config_.loss == LossKind::kSampled ? SampledLoss(epoch, dz_, log) : DenseLoss(dz_),
                     encoder_->KlPartial(shard_.num_nodes)};
  encoder_->Backward(params_, dz_, config_.variational ? shard_.num_nodes : 0, grad_);
  static const int nan_epoch = NanInjectionEpoch();
  if (epoch == nan_epoch && comm_.rank() == 0) grad_[0] = std::numeric_limits<float>::quiet_NaN();
  const auto t_reduce = Clock::now();
  comm_.AllreduceSum<double>(terms);
  comm_.AllreduceSum<float>(grad_);
  log.allreduce_ms = 1000.0 * Seconds(t_reduce, Clock::now());
  CheckFinite(epoch, terms);  // before Adam: a diverged step never reaches the parameters
  adam_.Step(params_.Flat(), grad_);
  const auto& halo = halo_->GetStats();
  log.halo_ms = 1000.0 * (halo.start_seconds + halo.finish_seconds);
  log.halo_pack_ms = 1000.0 * halo.start_seconds;
  log.halo_peer_late_ms = 1000.0 * halo.peer_late_seconds;
  log.halo_bytes = halo.bytes_sent;
  log.epoch = epoch;
  log.recon = terms[0];
  log.kl = terms[1];
  log.loss = terms[0] + terms[1];
  log.ms = 1000.0 * Seconds(t0, Clock::now());
  return log;
}

// Every rank sees the same all-reduced values, so every rank throws the same error at the same epoch.
void Trainer::CheckFinite(int epoch, const double (&terms)[2]) const {
  const auto diverged = [&](const std::string& tensor, double value) {
    throw Error(detail::Concat("epoch ", epoch, ": ", tensor, " is ", value,
                               ": training diverged; stopping without writing a checkpoint or outputs (the last "
                               "checkpoint and earlier output files are untouched)"));
  };
  if (!std::isfinite(terms[0] + terms[1])) {
    if (!std::isfinite(terms[0])) diverged("the reconstruction loss (recon)", terms[0]);
    if (!std::isfinite(terms[1])) diverged("the KL term (kl)", terms[1]);
    diverged("the loss", terms[0] + terms[1]);
  }
  // An all-ones exponent is ±inf or NaN: one vectorised integer pass, and a search only once something failed.
  std::uint32_t bad = 0;
  for (const float g : grad_) bad |= (std::bit_cast<std::uint32_t>(g) & 0x7f800000u) == 0x7f800000u;
  if (bad == 0) return;
  const auto w0 = static_cast<std::size_t>(shape_.features * shape_.hidden);
  for (std::size_t i = 0; i < grad_.size(); ++i)
    if (!std::isfinite(grad_[i]))
      diverged(i < w0 ? detail::Concat("the gradient of W0 (entry ", i, ")")
                      : detail::Concat("the gradient of W1 (entry ", i - w0, ")"),
               grad_[i]);
}

core::RankingMetrics Trainer::Evaluate(bool test, core::OgbMetrics* ogb) {
  encoder_->ForwardMean(params_);
  PairSet& set = test ? *test_ : *val_;
  auto score = [&](PairIndex& index) {
    // The loss's table: idle between epochs, and as large as this needs once an epoch has run.
    FillTable(comm_, index, encoder_->Z(), table_);
    std::vector<float> s(index.a.size());
    // Scores are the logits z_a·z_b: sigmoid is monotone, and logits do not saturate into false ties.
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = table_.row(index.a[i]).dot(table_.row(index.b[i]));
    return comm_.Gatherv<float>(s, 0);
  };
  const auto pos = score(set.pos);
  const auto neg = score(set.neg);
  double m[6] = {0, 0, 0, 0, 0, 0};
  if (comm_.rank() == 0 && !pos.empty() && !neg.empty()) {
    const auto r = core::ComputeRankingMetrics(pos, neg);
    m[0] = r.auc;
    m[1] = r.ap;
    if (ogb) {
      const auto o = core::ComputeOgbMetrics(pos, neg);
      m[2] = o.hits20, m[3] = o.hits50, m[4] = o.hits100, m[5] = o.mrr;
    }
  }
  comm_.Broadcast<double>(m, 0);
  if (ogb) *ogb = {m[2], m[3], m[4], m[5]};
  return {m[0], m[1]};
}

void Trainer::Embeddings(RowMatrixXf& mu, RowMatrixXf& logstd) {
  encoder_->ForwardMean(params_);
  mu = encoder_->Mu();
  if (config_.variational) logstd = encoder_->LogStd();
  else logstd.resize(0, 0);
}

TrainResult Trainer::Run(const std::function<void(const EpochLog&)>& on_epoch) {
  RunHooks hooks;
  hooks.on_epoch = on_epoch;
  return Run(hooks);
}

TrainState Trainer::State() {
  TrainState s;
  s.epoch = completed_epochs_;
  const auto flat = params_.Flat();
  s.params.assign(flat.begin(), flat.end());
  s.adam_m.assign(adam_.FirstMoment().begin(), adam_.FirstMoment().end());
  s.adam_v.assign(adam_.SecondMoment().begin(), adam_.SecondMoment().end());
  s.adam_step = adam_.StepCount();
  s.history = history_;
  return s;
}

void Trainer::Restore(const TrainState& s) {
  const auto n = params_.Flat().size();
  if (s.params.size() != n || s.adam_m.size() != n || s.adam_v.size() != n)
    throw ConfigError(detail::Concat("the saved state holds ", s.params.size(), " parameters, this model has ", n));
  std::copy(s.params.begin(), s.params.end(), params_.Flat().begin());
  std::copy(s.adam_m.begin(), s.adam_m.end(), adam_.FirstMoment().begin());
  std::copy(s.adam_v.begin(), s.adam_v.end(), adam_.SecondMoment().begin());
  adam_.SetStepCount(s.adam_step);
  completed_epochs_ = s.epoch;
  history_ = s.history;
}

namespace {
double Median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}
template <typename Field>
double MedianOf(std::span<const EpochLog> epochs, Field field) {
  std::vector<double> v;
  for (const auto& e : epochs) v.push_back(static_cast<double>(field(e)));
  return Median(std::move(v));
}
}  // namespace

TrainResult Trainer::Run(const RunHooks& hooks) {
  TrainResult result;
  const std::size_t restored = history_.size();  // the perf report covers only this run's epochs
  const auto t0 = Clock::now();
  for (int epoch = completed_epochs_ + 1; epoch <= config_.epochs; ++epoch) {
    auto log = Step(epoch);
    if (config_.eval_every > 0 && epoch % config_.eval_every == 0 && epoch != config_.epochs) log.val = Evaluate(false);
    if (hooks.on_epoch) hooks.on_epoch(log);
    history_.push_back(log);
    completed_epochs_ = epoch;
    const bool stop = hooks.stop_requested && comm_.AllreduceOr(hooks.stop_requested());
    const bool periodic = hooks.checkpoint_every > 0 && epoch % hooks.checkpoint_every == 0;
    if (hooks.on_checkpoint && (periodic || stop)) hooks.on_checkpoint(State());
    if (stop) {
      result.stopped_after = epoch;
      break;
    }
  }
  result.epochs = history_;
  result.train_seconds = Seconds(t0, Clock::now());
  ReleaseEpochBuffers();
  const auto t_eval = Clock::now();
  if (result.stopped_after == 0) {
    result.val = Evaluate(false);
    result.test = Evaluate(true, &result.test_ogb);
  }
  const double eval_seconds = Seconds(t_eval, Clock::now());
  // Only this run's epochs: restored ones have no breakdown.
  result.perf = MeasurePerf(std::span<const EpochLog>(history_).subspan(restored), eval_seconds);
  result.epoch_ms_median = MedianOf(result.epochs, [](const EpochLog& e) { return e.ms; });
  result.peak_rss_mb = comm_.AllreduceMax<double>(PeakRssMb());
  return result;
}

PerfReport Trainer::MeasurePerf(std::span<const EpochLog> epochs, double eval_seconds) {
  PerfReport p;
  p.ranks = comm_.size();
  p.threads = core::NumThreads();
  p.overlap = config_.overlap;
  if (!epochs.empty()) {
    std::vector<double> ms;
    for (const auto& e : epochs) ms.push_back(e.ms);
    p.epoch_ms_min = *std::min_element(ms.begin(), ms.end());
    p.epoch_ms_max = *std::max_element(ms.begin(), ms.end());
    p.epoch_ms_median = Median(ms);
  }
  const double halo = MedianOf(epochs, [](const EpochLog& e) { return e.halo_ms; });
  const double neg = MedianOf(epochs, [](const EpochLog& e) { return e.negative_ms; });
  const double reduce = MedianOf(epochs, [](const EpochLog& e) { return e.allreduce_ms; });
  const double compute =
      MedianOf(epochs, [](const EpochLog& e) { return e.ms - e.halo_ms - e.negative_ms - e.allreduce_ms; });
  p.halo_ms = comm_.AllreduceMax(halo);
  p.halo_pack_ms = comm_.AllreduceMax(MedianOf(epochs, [](const EpochLog& e) { return e.halo_pack_ms; }));
  p.negative_ms = comm_.AllreduceMax(neg);
  p.allreduce_ms = comm_.AllreduceMax(reduce);
  p.compute_ms_per_rank = comm_.Allgatherv<double>(std::span<const double>(&compute, 1));
  p.compute_ms = *std::max_element(p.compute_ms_per_rank.begin(), p.compute_ms_per_rank.end());
  p.eval_ms = comm_.AllreduceMax(1000.0 * eval_seconds);
  const auto halo_bytes = static_cast<std::int64_t>(MedianOf(epochs, [](const EpochLog& e) { return e.halo_bytes; }));
  const auto neg_bytes = static_cast<std::int64_t>(MedianOf(epochs, [](const EpochLog& e) { return e.negative_bytes; }));
  p.halo_bytes = comm_.Allgatherv<std::int64_t>(std::span<const std::int64_t>(&halo_bytes, 1));
  p.negative_bytes = comm_.Allgatherv<std::int64_t>(std::span<const std::int64_t>(&neg_bytes, 1));
  p.allreduce_bytes = comm_.size() > 1 ? static_cast<std::int64_t>(grad_.size() * sizeof(float) + 2 * sizeof(double)) : 0;
  p.interior_rows = comm_.AllreduceSum<std::int64_t>(encoder_->NumInteriorRows());
  p.boundary_rows = comm_.AllreduceSum<std::int64_t>(shard_.NumOwned() - encoder_->NumInteriorRows());
  // The blocking cost of the epoch's four gathers (P0 and dH1 at the hidden width, P1 and dY at the head width),
  // timed here with everything else idle: the median of a few repetitions of each.
  if (comm_.size() > 1) {
    const auto rows = static_cast<Eigen::Index>(shard_.NumOwned() + static_cast<std::int64_t>(shard_.halo.size()));
    double blocking = 0.0, blocking_pack = 0.0;
    for (int width : {shape_.hidden, shape_.HeadWidth()}) {
      RowMatrixXf buf = RowMatrixXf::Zero(rows, width);
      std::vector<double> reps, packs;
      for (int r = 0; r < 7; ++r) {
        comm_.Barrier();
        halo_->ResetStats();
        const auto t0 = Clock::now();
        halo_->Gather(buf);
        reps.push_back(1000.0 * Seconds(t0, Clock::now()));
        packs.push_back(1000.0 * halo_->GetStats().start_seconds);
      }
      blocking += 2.0 * comm_.AllreduceMax(Median(reps));
      blocking_pack += 2.0 * comm_.AllreduceMax(Median(packs));
    }
    const auto hidden = [](double exposed, double whole) {
      return whole > 0 ? std::clamp(1.0 - exposed / whole, 0.0, 1.0) : 0.0;
    };
    p.halo_blocking_ms = blocking;
    p.halo_hidden_fraction = hidden(p.halo_ms, blocking);
    p.halo_blocking_pack_ms = blocking_pack;
    p.halo_transfer_hidden_fraction = hidden(p.halo_ms - p.halo_pack_ms, blocking - blocking_pack);
    if (halo_->PeerLatenessKnown()) {
      p.halo_peer_late_ms = comm_.AllreduceMax(MedianOf(epochs, [](const EpochLog& e) { return e.halo_peer_late_ms; }));
      const double own = comm_.AllreduceMax(MedianOf(epochs, [](const EpochLog& e) { return e.halo_ms - e.halo_peer_late_ms; }));
      p.halo_hidden_fraction_less_peer_late = hidden(own, blocking);
    }
  }
  const double rss = PeakRssMb();
  p.peak_rss_mb = comm_.Allgatherv<double>(std::span<const double>(&rss, 1));
  p.runtime_rss_mb = comm_.Allgatherv<double>(std::span<const double>(&runtime_rss_mb_, 1));
  // VmHWM is the process's peak since it started: a second trainer in one process (tests) shows about 0 here.
  // -1 when a rank could not read it.
  double graph_mb = 0.0;
  bool known = true;
  for (std::size_t r = 0; r < p.peak_rss_mb.size(); ++r) {
    known = known && p.peak_rss_mb[r] >= 0 && p.runtime_rss_mb[r] >= 0;
    graph_mb += std::max(0.0, p.peak_rss_mb[r] - p.runtime_rss_mb[r]);
  }
  const auto bytes_per = [&](std::int64_t count) {
    return known ? graph_mb * 1048576.0 / static_cast<double>(std::max<std::int64_t>(count, 1)) : -1.0;
  };
  p.bytes_per_node = bytes_per(shard_.num_nodes);
  p.bytes_per_train_edge = bytes_per(shard_.num_train_edges);
  const double huge_mb = MiB(io::HugePageBytes());
  p.huge_pages_mb = comm_.Allgatherv<double>(std::span<const double>(&huge_mb, 1));
  return p;
}

}  // namespace vgae::dist
