#include "dist/checkpointer.h"

#include <cmath>
#include <limits>

#include "core/error.h"

namespace vgae::dist {

Checkpointer::Checkpointer(const Comm& comm, std::string dir, int keep, io::GraphIdentity identity,
                           std::string config_json)
    : comm_(comm), dir_(std::move(dir)), keep_(keep), identity_(std::move(identity)), config_json_(std::move(config_json)) {}

std::string Checkpointer::Save(const TrainState& s) const {
  std::string path;
  if (comm_.rank() == 0) {
    io::Checkpoint c;
    c.epoch = s.epoch;
    c.params = s.params;
    c.adam_m = s.adam_m;
    c.adam_v = s.adam_v;
    c.adam_step = s.adam_step;
    c.config_json = config_json_;
    c.identity = identity_;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto& e : s.history) {
      c.history.loss.push_back(e.loss);
      c.history.recon.push_back(e.recon);
      c.history.kl.push_back(e.kl);
      c.history.ms.push_back(e.ms);
      c.history.val_auc.push_back(e.val ? e.val->auc : nan);
      c.history.val_ap.push_back(e.val ? e.val->ap : nan);
    }
    path = io::WriteCheckpointFile(dir_, c);
  }
  comm_.Barrier();  // checkpoints commit last: the marker moves only once the file is complete
  if (comm_.rank() == 0) io::CommitLatestCheckpoint(dir_, io::CheckpointFileName(s.epoch), keep_);
  return path;
}

TrainState Checkpointer::LoadLatest(std::size_t num_params, std::string& path) const {
  const auto latest = io::LatestCheckpoint(dir_);
  if (!latest)
    throw IoError(detail::Concat("--resume: ", dir_, " holds no checkpoint marker (", "LATEST", "); run without "
                                 "--resume to start afresh"));
  path = *latest;
  const auto c = io::ReadCheckpointFile(path);
  io::CheckResumable(c, path, config_json_, identity_, num_params);
  TrainState s;
  s.epoch = static_cast<int>(c.epoch);
  s.params = c.params;
  s.adam_m = c.adam_m;
  s.adam_v = c.adam_v;
  s.adam_step = c.adam_step;
  for (std::int64_t i = 0; i < c.epoch; ++i) {
    EpochLog e;
    e.epoch = static_cast<int>(i + 1);
    e.loss = c.history.loss[i];
    e.recon = c.history.recon[i];
    e.kl = c.history.kl[i];
    e.ms = c.history.ms[i];
    if (!std::isnan(c.history.val_auc[i])) e.val = core::RankingMetrics{c.history.val_auc[i], c.history.val_ap[i]};
    s.history.push_back(e);
  }
  return s;
}

}  // namespace vgae::dist
