// train: every rank loads its shard, trains, and writes its rows of the embeddings; rank 0 prints one line
// per epoch and writes the metrics JSON.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/stages.h"
#include "core/error.h"
#include "dist/outputs.h"
#include "io/graph_reader.h"
#include "io/output.h"

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
          {"eval_every", c.eval_every}, {"ranks", ranks}};
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

}  // namespace

void RunTrain(const dist::Comm& comm, TrainOptions o) {
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

  const bool talk = comm.rank() == 0 && !o.quiet;
  io::GraphReader reader(o.graph, comm.raw());
  dist::Trainer trainer(comm, reader, c);
  if (talk)
    std::printf("train: %s: %lld nodes, %lld train edges, %s, %d rank%s, %s loss\n", o.graph.c_str(),
                static_cast<long long>(reader.Info().num_nodes), static_cast<long long>(reader.Info().num_train_edges),
                o.model.c_str(), comm.size(), comm.size() > 1 ? "s" : "", o.loss.c_str());
  auto result = trainer.Run([&](const dist::EpochLog& e) {
    if (!talk) return;
    std::printf("epoch %4d/%d  loss %.5f  recon %.5f  kl %.5f", e.epoch, c.epochs, e.loss, e.recon, e.kl);
    if (e.val) std::printf("  val_auc %.4f  val_ap %.4f", e.val->auc, e.val->ap);
    std::printf("  %.2f ms\n", e.ms);
    std::fflush(stdout);
  });
  if (talk)
    std::printf("test_auc %.4f  test_ap %.4f  (val_auc %.4f  val_ap %.4f)  %.2f ms/epoch median, %.2f s\n",
                result.test.auc, result.test.ap, result.val.auc, result.val.ap, result.epoch_ms_median,
                result.train_seconds);

  const auto config_json = ConfigJson(o, comm.size());
  if (!o.out.empty()) {
    RowMatrixXf mu, logstd;
    trainer.Embeddings(mu, logstd);
    const auto& owned = trainer.GetShard().own.Owned();
    const auto original = reader.ReadOriginalIds(owned);
    dist::WriteEmbeddings(comm, o.out, reader.Info().num_nodes, owned, mu, logstd, original,
                          {o.model, c.epochs, static_cast<std::int64_t>(c.seed), comm.size(), config_json.dump()});
  }
  if (!o.metrics.empty() && comm.rank() == 0) {
    nlohmann::json m = {{"test_auc", result.test.auc},     {"test_ap", result.test.ap},
                        {"val_auc", result.val.auc},       {"val_ap", result.val.ap},
                        {"model", o.model},                {"loss_kind", o.loss},
                        {"loss", result.epochs.empty() ? 0.0 : result.epochs.back().loss},
                        {"epochs", c.epochs},              {"ranks", comm.size()},
                        {"seed", c.seed},                  {"epoch_ms_median", result.epoch_ms_median},
                        {"train_seconds", result.train_seconds}, {"peak_rss_mb", result.peak_rss_mb},
                        {"config", config_json}};
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
    io::WriteTextAtomically(o.metrics, m.dump(2) + "\n");
  }
  comm.Barrier();
}

}  // namespace vgae::app
