// The distributed training loop (DESIGN.md): forward with halo exchange, sampled or dense reconstruction loss
// plus KL, backward with the same exchanges, one all-reduce of the weight gradient, Adam replicated on every
// rank. Evaluation scores val/test pairs with μ, gathered to rank 0 for exact AUC/AP.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/adam.h"
#include "core/encoder.h"
#include "core/metrics.h"
#include "core/ogb_metrics.h"
#include "core/loss.h"
#include "core/memory.h"
#include "dist/comm.h"
#include "dist/pair_index.h"
#include "dist/shard.h"

namespace vgae::dist {

enum class LossKind { kSampled, kDense };

// How the sampled loss weighs its terms.
//  kMeans: mean over training edges of softplus(-s) + mean over negatives of softplus(s) (PyG's recon_loss).
//  kTkipf: the sampled analogue of tkipf/gae's labels A + I: positives are every edge in both directions plus
//          every node's self-pair, and the loss is 0.5 (mean over the 2M + N positives + mean over negatives).
enum class ReconWeighting { kMeans, kTkipf };

struct TrainConfig {
  bool variational = true;
  LossKind loss = LossKind::kSampled;
  // Defaults chosen on Cora/CiteSeer (docs/RESULTS.md): five negatives per positive and tkipf's A + I
  // weighting close the gap between the sampled loss and the dense one.
  int neg_ratio = 5;
  ReconWeighting weighting = ReconWeighting::kTkipf;
  int hidden = 32;
  int latent = 16;
  float lr = 0.01f;
  int epochs = 200;
  std::uint64_t seed = 1;
  ShardOptions shard;
  int eval_every = 0;  // 0: validation only after the last epoch
  // Refuse to train when this rank's estimated peak memory exceeds this many bytes (0: no check). Checked after
  // the shard is loaded and before the node buffers are allocated.
  std::uint64_t max_memory_bytes = 0;
  // Overlap the halo exchange with the interior rows' compute (core::Encoder::SetOverlap); off: blocking.
  bool overlap = true;
  // When the sampled loss puts its negative pairs in tile order (tables past the last-level cache); tests lower
  // the threshold to run that path on small graphs.
  core::PairTiling pair_tiling;
  // How the sampled loss lays out its table's remote rows (dist::TableLayout); tests force either layout.
  TableLayout pair_layout = TableLayout::kAuto;
};

struct EpochLog {
  int epoch = 0;  // 1-based
  double loss = 0, recon = 0, kl = 0;
  double ms = 0;  // wall time of the epoch on rank 0 (forward, loss, backward, all-reduce, step)
  std::optional<core::RankingMetrics> val;
  // This rank's breakdown of the epoch (ms) and what it sent (bytes); compute = ms - halo - negatives - allreduce.
  double halo_ms = 0, negative_ms = 0, allreduce_ms = 0;
  double halo_pack_ms = 0;  // the part of halo_ms spent packing the rows to send (local copies, not waiting)
  // The part of halo_ms spent waiting before the last peer this rank receives from had begun its side of the
  // exchange (HaloExchange::Stats::peer_late_seconds): imbalance, not exchange. 0 when not known.
  double halo_peer_late_ms = 0;
  std::int64_t halo_bytes = 0, negative_bytes = 0;
};

// Where the time and the bytes of a run went (docs/PERFORMANCE.md). Per-epoch figures are medians over the
// epochs; the breakdown is the maximum over ranks, the byte and memory lists have one entry per rank.
struct PerfReport {
  int ranks = 1, threads = 1;
  bool overlap = true;
  double epoch_ms_median = 0, epoch_ms_min = 0, epoch_ms_max = 0;
  double compute_ms = 0, halo_ms = 0, negative_ms = 0, allreduce_ms = 0, eval_ms = 0;
  // Per rank, its median epoch less the time in the exchanges and the all-reduce: its own work. The ranks'
  // epochs end together, so a rank with less work waits in an exchange for the others; the spread of these
  // is that imbalance, which the halo figures below cannot tell from transfer once the peer has begun.
  std::vector<double> compute_ms_per_rank;
  // The four halo gathers of an epoch timed blocking, after training (the time overlap can hide), and the share
  // of it that the overlapped epochs did not spend in the exchange: 1 - halo_ms / halo_blocking_ms.
  double halo_blocking_ms = 0, halo_hidden_fraction = 0;
  // The same split in two: packing the rows to send (a local copy, before anything is posted, so nothing can
  // hide it on one thread), and the transfer (from posting to completion). transfer hidden = 1 - (halo_ms -
  // halo_pack_ms) / (halo_blocking_ms - halo_blocking_pack_ms).
  double halo_pack_ms = 0, halo_blocking_pack_ms = 0, halo_transfer_hidden_fraction = 0;
  // Waiting on a slower peer taken out (all ranks on one host, else both -1): the exposed exchange time is the
  // maximum over ranks of the median epoch's halo_ms - halo_peer_late_ms, hidden = 1 - that / halo_blocking_ms.
  double halo_peer_late_ms = -1, halo_hidden_fraction_less_peer_late = -1;
  std::int64_t interior_rows = 0, boundary_rows = 0;  // summed over ranks
  std::vector<std::int64_t> halo_bytes, negative_bytes;  // per rank, per epoch (median)
  std::int64_t allreduce_bytes = 0;                     // per rank per epoch (the gradient and the loss terms)
  std::vector<double> peak_rss_mb;                      // per rank
  std::vector<double> huge_pages_mb;                    // per rank, at the end (-1: unknown)
  // Per rank, the peak before the graph was read (MPI, HDF5, the C++ runtime): what the graph did not cost.
  std::vector<double> runtime_rss_mb;
  // What the graph cost, summed over ranks: Σ (peak - runtime) per node and per undirected training edge.
  double bytes_per_node = 0, bytes_per_train_edge = 0;
};

struct TrainResult {
  std::vector<EpochLog> epochs;
  core::RankingMetrics val, test;
  core::OgbMetrics test_ogb;  // Hits@20/50/100 and MRR of the test positives against all test negatives
  double train_seconds = 0;
  double epoch_ms_median = 0;
  double peak_rss_mb = 0;  // max over ranks
  double setup_seconds = 0;
  int stopped_after = 0;  // the epoch after which a stop request ended the run; 0: it ran to the end
  PerfReport perf;
};

// The replicated state after `epoch` completed epochs: everything a checkpoint holds besides the config. The RNG
// has no position to save: every draw is keyed by (seed, epoch, ids).
struct TrainState {
  int epoch = 0;
  std::vector<float> params, adam_m, adam_v;
  std::int64_t adam_step = 0;
  std::vector<EpochLog> history;
};

struct RunHooks {
  std::function<void(const EpochLog&)> on_epoch;  // every rank, after each epoch (print on rank 0 only)
  int checkpoint_every = 0;                         // 0: no periodic checkpoints
  std::function<void(const TrainState&)> on_checkpoint;  // collective; every checkpoint_every epochs and on stop
  std::function<bool()> stop_requested;            // this rank's flag; the ranks OR it after every epoch
};

class Trainer {
 public:
  // Collective: loads this rank's shard and builds the halo and evaluation plans.
  Trainer(const Comm& comm, const io::GraphReader& reader, const TrainConfig& config);
  ~Trainer();

  // Runs all epochs; on_epoch is called on every rank after each epoch (print on rank 0 only).
  TrainResult Run(const std::function<void(const EpochLog&)>& on_epoch = {});
  // Runs the epochs after the restored state (all of them without Restore). Stops early, after a checkpoint,
  // when any rank's stop_requested returns true. A NaN or Inf in the loss or the gradient throws before the
  // parameters, checkpoints or outputs change.
  TrainResult Run(const RunHooks& hooks);

  TrainState State();
  // Continues from a state (a checkpoint): parameters, Adam moments and step, completed epochs and history.
  void Restore(const TrainState& state);
  std::size_t NumParams() const { return params_.Flat().size(); }
  // This rank's estimated peak memory in bytes (dist/memory_estimate.h).
  std::uint64_t EstimatedPeakBytes() const { return estimated_peak_bytes_; }

  // One epoch: returns its loss terms (global). Exposed for tests.
  EpochLog Step(int epoch);
  // Bytes held by the buffers only a training epoch uses (freed when Run ends, reallocated by the next Step).
  std::size_t EpochBufferBytes() const;
  // AUC/AP of the val or test pairs; with `ogb`, also Hits@K and MRR (core/ogb_metrics.h), on every rank.
  core::RankingMetrics Evaluate(bool test, core::OgbMetrics* ogb = nullptr);

  const Shard& GetShard() const { return shard_; }
  const core::Parameters& Params() const { return params_; }
  core::Parameters& MutableParams() { return params_; }
  // μ and logσ (empty for GAE) of the owned rows, from a mean forward pass.
  void Embeddings(RowMatrixXf& mu, RowMatrixXf& logstd);

 private:
  struct PairSet;
  double SampledLoss(int epoch, RowMatrixXf& dz, EpochLog& log);
  PerfReport MeasurePerf(std::span<const EpochLog> epochs, double eval_seconds);
  // Frees the buffers only a training epoch uses (pair index, loss gradient table, ε, dZ) once training ends, so
  // evaluation and output do not add theirs on top; the next Step allocates them again.
  void ReleaseEpochBuffers();
  double DenseLoss(RowMatrixXf& dz);
  void CheckFinite(int epoch, const double (&terms)[2]) const;

  const Comm& comm_;
  double runtime_rss_mb_;  // the peak before LoadShard (initialised first: declared before shard_)
  TrainConfig config_;
  Shard shard_;
  core::EncoderShape shape_;
  core::Parameters params_;
  core::Adam adam_;
  std::unique_ptr<HaloExchange> halo_;
  std::unique_ptr<core::Encoder> encoder_;
  std::unique_ptr<PairSet> val_, test_;
  core::AlignedVector<float> grad_;  // rows of W0's gradient start on cache lines
  std::vector<std::size_t> tile_counters_;  // core::OrderPairsByTile's, kept between epochs
  RowMatrixXf eps_, dz_, table_, dtable_;
  // The sampled loss's per-epoch pair index and loss buffers, reused every epoch (table_ also by evaluation).
  std::unique_ptr<PairIndexer> indexer_;
  PairIndex pairs_;
  core::PairBceWorkspace bce_workspace_;
  std::vector<GlobalId> all_owned_;  // dense loss: every rank's owned ids in rank order
  int completed_epochs_ = 0;         // > 0 after Restore
  std::vector<EpochLog> history_;    // the restored epochs' logs
  std::uint64_t estimated_peak_bytes_ = 0;
};

}  // namespace vgae::dist
