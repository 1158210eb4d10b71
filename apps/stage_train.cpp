// train: every rank loads its shard, trains, and writes its rows of the embeddings; rank 0 prints one line
// per epoch and writes the metrics JSON.
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <iostream>
#include <optional>
#include <nlohmann/json.hpp>

#include "apps/epoch_printer.h"
#include "apps/stages.h"
#include "core/error.h"
#include "core/parallel.h"
#include "dist/checkpointer.h"
#include "dist/memory_estimate.h"
#include "dist/outputs.h"
#include "dist/stop_signal.h"
#include "io/graph_reader.h"
#include "io/output.h"
#include "io/system_memory.h"

namespace vgae::app {
namespace {

nlohmann::json ConfigJson(const TrainOptions& o, int ranks) {
  const auto& c = o.config;
  return {{"graph", o.graph},         {"model", o.model},
          {"loss", o.loss},           {"neg_ratio", c.neg_ratio},
          {"recon_weighting", o.weighting}, {"hidden", c.hidden},
          {"latent", c.latent},       {"lr", c.lr},
          {"epochs", c.epochs},       {"seed", c.seed},
          {"features", o.features},   {"feature_norm", o.feature_norm},
          {"eval_every", c.eval_every}, {"ranks", ranks},
          {"threads", core::NumThreads()}, {"overlap", c.overlap}};
}

// --threads, else OMP_NUM_THREADS, else this node's cores shared by its ranks (never oversubscribing them).
void SetThreads(const dist::Comm& comm, int threads) {
  if (threads < 0) throw ConfigError(detail::Concat("--threads must be at least 0 (0: automatic), found ", threads));
  if (threads == 0 && std::getenv("OMP_NUM_THREADS") == nullptr) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::max(1, cores / dist::RanksOnThisNode(comm));
  }
  if (threads > 0) core::SetNumThreads(threads);
}

nlohmann::json PerfJson(const dist::PerfReport& p) {
  return {{"ranks", p.ranks},
          {"threads", p.threads},
          {"overlap", p.overlap},
          {"epoch_ms", {{"median", p.epoch_ms_median}, {"min", p.epoch_ms_min}, {"max", p.epoch_ms_max}}},
          {"breakdown_ms",
           {{"compute", p.compute_ms}, {"halo", p.halo_ms}, {"negative_exchange", p.negative_ms},
            {"allreduce", p.allreduce_ms}, {"eval", p.eval_ms}}},
          {"compute_ms_per_rank", p.compute_ms_per_rank},
          {"halo_ms_blocking_equivalent", p.halo_blocking_ms},
          {"halo_wait_ms", p.halo_ms},
          {"halo_hidden_fraction", p.halo_hidden_fraction},
          {"halo_pack_ms", p.halo_pack_ms},
          {"halo_blocking_pack_ms", p.halo_blocking_pack_ms},
          {"halo_transfer_hidden_fraction", p.halo_transfer_hidden_fraction},
          {"halo_peer_late_ms", p.halo_peer_late_ms},
          {"halo_hidden_fraction_less_peer_late", p.halo_hidden_fraction_less_peer_late},
          {"interior_rows", p.interior_rows},
          {"boundary_rows", p.boundary_rows},
          {"halo_bytes_per_epoch", p.halo_bytes},
          {"negative_bytes_per_epoch", p.negative_bytes},
          {"bytes_sent_per_epoch", [&] {
             std::vector<std::int64_t> total(p.halo_bytes.size());
             for (std::size_t r = 0; r < total.size(); ++r)
               total[r] = p.halo_bytes[r] + p.negative_bytes[r] + p.allreduce_bytes;
             return total;
           }()},
          {"allreduce_bytes_per_epoch", p.allreduce_bytes},
          {"peak_rss_mb", p.peak_rss_mb},
          {"huge_pages_mb", p.huge_pages_mb},
          {"runtime_rss_mb", p.runtime_rss_mb},
          {"bytes_per_node", p.bytes_per_node},
          {"bytes_per_train_edge", p.bytes_per_train_edge}};
}

// The value of a choice flag, or a ConfigError listing the choices: "--model must be vgae or gae, not 'x'".
template <typename T>
T ParseChoice(const char* flag, const std::string& value, std::initializer_list<std::pair<const char*, T>> choices) {
  std::string names;
  std::size_t i = 0;
  for (const auto& [name, result] : choices) {
    if (value == name) return result;
    names += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + std::string(name);
    ++i;
  }
  throw ConfigError(detail::Concat(flag, " must be ", names, ", not '", value, "'"));
}

// Checked before training so that a typo in an output path fails in a second, not after the last epoch.
void RequireOutputDir(const char* flag, const std::string& path) {
  if (path.empty()) return;
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty() && !std::filesystem::is_directory(dir))
    throw ConfigError(detail::Concat(flag, " ", path, ": directory '", dir.string(), "' does not exist"));
}

// --max-memory, or MemAvailable shared evenly by the ranks on this node (0: unknown, no check).
std::uint64_t MaxMemory(const dist::Comm& comm, const std::string& flag) {
  if (!flag.empty()) return io::ParseByteCount("--max-memory", flag);
  const auto ranks_here = static_cast<std::uint64_t>(dist::RanksOnThisNode(comm));
  return io::MemAvailableBytes().value_or(0) / ranks_here;
}

void CheckFaultToleranceFlags(const dist::Comm& comm, const TrainOptions& o) {
  if (o.resume && o.checkpoint_dir.empty()) throw ConfigError("--resume needs --checkpoint-dir (where the checkpoints are)");
  if (o.checkpoint_every < 0) throw ConfigError(detail::Concat("--checkpoint-every must be at least 0, found ", o.checkpoint_every));
  if (o.keep_checkpoints < 1) throw ConfigError(detail::Concat("--keep-checkpoints must be at least 1, found ", o.keep_checkpoints));
  if (o.checkpoint_every > 0 && o.checkpoint_dir.empty()) throw ConfigError("--checkpoint-every needs --checkpoint-dir");
  if (o.checkpoint_dir.empty()) return;
  if (comm.rank() == 0) {
    std::error_code ec;
    std::filesystem::create_directories(o.checkpoint_dir, ec);
    if (!std::filesystem::is_directory(o.checkpoint_dir))
      throw ConfigError(detail::Concat("--checkpoint-dir ", o.checkpoint_dir, ": cannot create the directory: ", ec.message()));
  }
  comm.Barrier();
}

}  // namespace

int RunTrain(const dist::Comm& comm, TrainOptions o) {
  auto& c = o.config;
  using dist::FeatureNorm;
  c.variational = ParseChoice<bool>("--model", o.model, {{"vgae", true}, {"gae", false}});
  c.loss = ParseChoice<dist::LossKind>("--loss", o.loss, {{"sampled", dist::LossKind::kSampled}, {"dense", dist::LossKind::kDense}});
  c.weighting = ParseChoice<dist::ReconWeighting>("--recon-weighting", o.weighting,
                            {{"tkipf", dist::ReconWeighting::kTkipf}, {"means", dist::ReconWeighting::kMeans}});
  c.shard.features = ParseChoice<dist::FeatureMode>("--features", o.features,
                                 {{"stored", dist::FeatureMode::kStored}, {"none", dist::FeatureMode::kIdentity}});
  c.shard.norm = ParseChoice<FeatureNorm>("--feature-norm", o.feature_norm,
                             {{"l2", FeatureNorm::kRowL2}, {"row", FeatureNorm::kRow},
                              {"row-mean", FeatureNorm::kRowMean}, {"none", FeatureNorm::kNone}});
  RequireOutputDir("--out", o.out);
  RequireOutputDir("--metrics", o.metrics);
  CheckFaultToleranceFlags(comm, o);
  c.max_memory_bytes = MaxMemory(comm, o.max_memory);
  SetThreads(comm, o.threads);
  dist::InstallStopSignalHandlers();

  const bool talk = comm.rank() == 0 && !o.quiet;
  // Read serially before the collective open: the identity a checkpoint records and a resume checks.
  auto identity = io::GraphIdentity{};
  if (!o.checkpoint_dir.empty()) identity = io::ReadGraphIdentity(o.graph, comm.size());
  io::GraphReader reader(o.graph, comm.raw());
  dist::Trainer trainer(comm, reader, c);
  const auto config_json = ConfigJson(o, comm.size());
  std::optional<dist::Checkpointer> checkpointer;
  if (!o.checkpoint_dir.empty())
    checkpointer.emplace(comm, o.checkpoint_dir, o.keep_checkpoints, identity, config_json.dump());
  if (o.resume) {
    std::string path;
    trainer.Restore(checkpointer->LoadLatest(trainer.NumParams(), path));
    if (comm.rank() == 0)
      std::printf("train: resuming from %s after epoch %d\n", path.c_str(), trainer.State().epoch);
  }
  EpochPrinter printer(talk, o.log_format == "json" ? LogFormat::kJson : LogFormat::kText, c.epochs,
                       trainer.State().epoch + 1);
  if (printer.Text())
    std::printf("train: %s: %lld nodes, %lld train edges, %s, %d rank%s, %s loss\n", o.graph.c_str(),
                static_cast<long long>(reader.Info().num_nodes), static_cast<long long>(reader.Info().num_train_edges),
                o.model.c_str(), comm.size(), comm.size() > 1 ? "s" : "", o.loss.c_str());
  dist::RunHooks hooks;
  hooks.on_epoch = [&](const dist::EpochLog& e) { printer.Epoch(e); };
  hooks.stop_requested = [] { return dist::StopSignalReceived() != 0; };
  std::string last_checkpoint;
  if (checkpointer) {
    hooks.checkpoint_every = o.checkpoint_every;
    hooks.on_checkpoint = [&](const dist::TrainState& s) { last_checkpoint = checkpointer->Save(s); };
  }
  auto result = trainer.Run(hooks);
  if (result.stopped_after > 0) {
    if (comm.rank() == 0) {
      printer.Finish();
      const int sig = dist::StopSignalReceived();
      std::printf("train: stopped by %s after epoch %d; %s; exiting with code %d (continue with --resume)\n",
                  sig ? dist::StopSignalName(sig) : "a signal to another rank", result.stopped_after,
                  last_checkpoint.empty() ? "no --checkpoint-dir, so no checkpoint was written"
                                          : ("checkpoint " + last_checkpoint + " written").c_str(),
                  dist::kStopExitCode);
      std::fflush(stdout);
    }
    comm.Barrier();
    return dist::kStopExitCode;
  }
  printer.Summary(result);

  if (!o.out.empty()) {
    RowMatrixXf mu, logstd;
    trainer.Embeddings(mu, logstd);
    const auto& owned = trainer.GetShard().own.Owned();
    const auto original = reader.ReadOriginalIds(owned);
    dist::WriteEmbeddings(comm, o.out, reader.Info().num_nodes, owned, mu, logstd, original,
                          {o.model, c.epochs, static_cast<std::int64_t>(c.seed), comm.size(), config_json.dump()});
  }
  const double estimated_peak_mb =
      comm.AllreduceMax<double>(static_cast<double>(trainer.EstimatedPeakBytes()) / 1048576.0);  // max over ranks
  if (!o.metrics.empty() && comm.rank() == 0) {
    nlohmann::json m = {{"test_auc", result.test.auc},     {"test_ap", result.test.ap},
                        {"val_auc", result.val.auc},       {"val_ap", result.val.ap},
                        {"model", o.model},                {"loss_kind", o.loss},
                        {"loss", result.epochs.empty() ? 0.0 : result.epochs.back().loss},
                        {"epochs", c.epochs},              {"ranks", comm.size()},
                        {"seed", c.seed},                  {"epoch_ms_median", result.epoch_ms_median},
                        {"train_seconds", result.train_seconds}, {"peak_rss_mb", result.peak_rss_mb},
                        {"config", config_json}, {"estimated_peak_mb", estimated_peak_mb}};
    // OGB-style test metrics (core/ogb_metrics.h); MRR ranks each test positive against all test negatives.
    m["hits@20"] = result.test_ogb.hits20;
    m["hits@50"] = result.test_ogb.hits50;
    m["hits@100"] = result.test_ogb.hits100;
    m["mrr"] = result.test_ogb.mrr;
    nlohmann::json curve = nlohmann::json::array();
    for (const auto& e : result.epochs) {
      nlohmann::json row = {{"epoch", e.epoch}, {"loss", e.loss}, {"recon", e.recon}, {"kl", e.kl}, {"ms", e.ms}};
      if (e.val) {
        row["val_auc"] = e.val->auc;
        row["val_ap"] = e.val->ap;
      }
      curve.push_back(row);
    }
    m["history"] = curve;
    m["perf"] = PerfJson(result.perf);
    io::WriteTextAtomically(o.metrics, m.dump(2) + "\n");
  }
  comm.Barrier();
  return 0;
}

}  // namespace vgae::app
