#include "io/checkpoint.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/format.h"
#include "io/h5.h"
#include "io/output.h"

namespace vgae::io {
namespace fs = std::filesystem;

namespace {
constexpr const char* kHistoryColumns[] = {"loss", "recon", "kl", "ms", "val_auc", "val_ap"};

std::vector<double>* Column(CheckpointHistory& h, int i) {
  std::vector<double>* columns[] = {&h.loss, &h.recon, &h.kl, &h.ms, &h.val_auc, &h.val_ap};
  return columns[i];
}

// The epoch encoded in a checkpoint file name, or -1 when the name is not one.
std::int64_t EpochOfName(const std::string& name) {
  const std::string prefix = names::kCheckpointPrefix, suffix = names::kCheckpointSuffix;
  if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return -1;
  const auto digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return -1;
  return std::stoll(digits);
}

std::optional<std::int64_t> EnvEpoch(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::atoll(v);
}

// Keys of the effective config that must agree for a resume to continue the same training. epochs, eval_every
// and ranks may change; graph is compared through GraphIdentity.
constexpr const char* kTrainingKeys[] = {"model",  "loss",  "neg_ratio", "recon_weighting", "hidden", "latent",
                                         "lr",     "seed",  "features",  "feature_norm"};
}  // namespace

GraphIdentity ReadGraphIdentity(const std::string& graph_path, int parts) {
  auto f = H5File::Open(graph_path, H5File::Mode::kRead);
  f.CheckFormatVersion(kFormatVersion);
  GraphIdentity id;
  id.graph = graph_path;
  id.num_nodes = f.GetAttr<std::int64_t>("/", names::kNumNodesAttr).value_or(0);
  if (f.Exists(names::kSplitTrain)) id.num_train_edges = static_cast<std::int64_t>(f.Dims(names::kSplitTrain).at(0));
  id.split_seed = f.GetAttr<std::int64_t>(names::kSplitGroup, "seed").value_or(-1);
  id.parts = parts;
  id.partition_method = f.GetStringAttr(names::PartitionGroup(parts), "method").value_or("");
  return id;
}

std::string CheckpointFileName(std::int64_t epoch) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(epoch));
  return std::string(names::kCheckpointPrefix) + digits + names::kCheckpointSuffix;
}

std::string WriteCheckpointFile(const std::string& dir, const Checkpoint& c) {
  const auto path = (fs::path(dir) / CheckpointFileName(c.epoch)).string();
  const auto n = c.params.size();
  VGAE_CHECK(c.adam_m.size() == n && c.adam_v.size() == n);
  RegisterPartial(path);
  {
    auto f = H5File::Open(PartialPath(path), H5File::Mode::kCreate);
    f.SetAttr<std::int64_t>("/", names::kFormatVersionAttr, kFormatVersion);
    f.SetAttr("/", names::kKindAttr, std::string(names::kCheckpointKind));
    f.SetAttr<std::int64_t>("/", "epoch", c.epoch);
    f.SetAttr<std::int64_t>("/", "adam_step", c.adam_step);
    f.SetAttr("/", "config", c.config_json);
    f.SetAttr("/", "graph", c.identity.graph);
    f.SetAttr<std::int64_t>("/", names::kNumNodesAttr, c.identity.num_nodes);
    f.SetAttr<std::int64_t>("/", "num_train_edges", c.identity.num_train_edges);
    f.SetAttr<std::int64_t>("/", "split_seed", c.identity.split_seed);
    f.SetAttr<std::int64_t>("/", "parts", c.identity.parts);
    f.SetAttr("/", "partition_method", c.identity.partition_method);
    f.Write<float>(names::kCheckpointParams, c.params, {n});
    if (EnvEpoch("VGAE_FAULT_INJECT_CHECKPOINT_CRASH_EPOCH") == c.epoch) {
      f.Flush();
      std::fprintf(stderr, "fault injection: exiting while writing %s\n", PartialPath(path).c_str());
      std::fflush(stderr);
      ::_exit(1);
    }
    f.Write<float>(names::kCheckpointAdamM, c.adam_m, {n});
    f.Write<float>(names::kCheckpointAdamV, c.adam_v, {n});
    auto history = c.history;
    for (int i = 0; i < 6; ++i) {
      const auto* col = Column(history, i);
      VGAE_CHECK(col->size() == static_cast<std::size_t>(c.epoch) || col->empty());
      f.Write<double>(std::string(names::kCheckpointHistory) + kHistoryColumns[i], *col, {col->size()});
    }
    f.Close();
  }
  CommitPartial(path);
  return path;
}

Checkpoint ReadCheckpointFile(const std::string& path) {
  auto f = H5File::Open(path, H5File::Mode::kRead);
  f.CheckFormatVersion(kFormatVersion);
  if (f.GetStringAttr("/", names::kKindAttr).value_or("") != names::kCheckpointKind)
    throw IoError(path + ": not a vgae_dist checkpoint (no kind = \"checkpoint\" attribute)");
  auto need = [&](const char* attr) {
    const auto v = f.GetAttr<std::int64_t>("/", attr);
    if (!v) throw IoError(detail::Concat(path, ": checkpoint attribute '", attr, "' is missing"));
    return *v;
  };
  Checkpoint c;
  c.epoch = need("epoch");
  c.adam_step = need("adam_step");
  c.config_json = f.GetStringAttr("/", "config").value_or("");
  c.identity.graph = f.GetStringAttr("/", "graph").value_or("");
  c.identity.num_nodes = need(names::kNumNodesAttr);
  c.identity.num_train_edges = need("num_train_edges");
  c.identity.split_seed = need("split_seed");
  c.identity.parts = need("parts");
  c.identity.partition_method = f.GetStringAttr("/", "partition_method").value_or("");
  for (const char* name : {names::kCheckpointParams, names::kCheckpointAdamM, names::kCheckpointAdamV})
    f.Require(name, "the checkpoint is incomplete");
  c.params = f.ReadAll<float>(names::kCheckpointParams);
  c.adam_m = f.ReadAll<float>(names::kCheckpointAdamM);
  c.adam_v = f.ReadAll<float>(names::kCheckpointAdamV);
  if (c.adam_m.size() != c.params.size() || c.adam_v.size() != c.params.size())
    throw IoError(detail::Concat(path, ": Adam moments hold ", c.adam_m.size(), " and ", c.adam_v.size(),
                                 " values, expected one per parameter (", c.params.size(), ")"));
  for (int i = 0; i < 6; ++i) {
    const auto name = std::string(names::kCheckpointHistory) + kHistoryColumns[i];
    f.Require(name, "the checkpoint is incomplete");
    *Column(c.history, i) = f.ReadAll<double>(name);
    if (Column(c.history, i)->size() != static_cast<std::size_t>(c.epoch))
      throw IoError(detail::Concat(path, ": ", name, " has ", Column(c.history, i)->size(), " entries, expected ",
                                   c.epoch, " (one per completed epoch)"));
  }
  return c;
}

void CommitLatestCheckpoint(const std::string& dir, const std::string& file_name, int keep) {
  WriteTextAtomically((fs::path(dir) / names::kCheckpointMarker).string(), file_name + "\n");
  const auto newest = EpochOfName(file_name);
  std::vector<std::pair<std::int64_t, fs::path>> older;
  const std::string partial_suffix = PartialPath(names::kCheckpointSuffix);
  for (const auto& entry : fs::directory_iterator(dir)) {
    auto name = entry.path().filename().string();
    // Left by a writer that died (rank 0 is the only writer and has finished this one).
    const bool partial = name.size() > partial_suffix.size() &&
                         name.compare(name.size() - partial_suffix.size(), partial_suffix.size(), partial_suffix) == 0;
    if (partial && EpochOfName(name.substr(0, name.size() - partial_suffix.size()) + names::kCheckpointSuffix) >= 0) {
      fs::remove(entry.path());
      continue;
    }
    const auto e = EpochOfName(name);
    if (e < 0) continue;
    if (e > newest) fs::remove(entry.path());  // written but never committed (a crash before its marker)
    else older.emplace_back(e, entry.path());
  }
  std::sort(older.begin(), older.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = static_cast<std::size_t>(std::max(keep, 1)); i < older.size(); ++i) fs::remove(older[i].second);
}

std::optional<std::string> LatestCheckpoint(const std::string& dir) {
  const auto marker = fs::path(dir) / names::kCheckpointMarker;
  if (!fs::exists(marker)) return std::nullopt;
  std::ifstream in(marker);
  std::string name;
  std::getline(in, name);
  if (EpochOfName(name) < 0)
    throw IoError(detail::Concat(marker.string(), ": expected the name of a checkpoint file (", CheckpointFileName(1),
                                 "), found '", name, "'"));
  const auto path = fs::path(dir) / name;
  if (!fs::exists(path))
    throw IoError(detail::Concat(marker.string(), " names ", name, ", which does not exist in ", dir));
  return path.string();
}

void CheckResumable(const Checkpoint& c, const std::string& path, const std::string& config_json,
                    const GraphIdentity& here, std::size_t num_params) {
  const auto fail = [&](const std::string& what) {
    throw ConfigError(detail::Concat("--resume: ", path, ": ", what, "; resume with the same graph and training "
                                     "flags, or start afresh without --resume"));
  };
  if (c.identity.num_nodes != here.num_nodes || c.identity.num_train_edges != here.num_train_edges ||
      c.identity.split_seed != here.split_seed)
    fail(detail::Concat("the checkpoint was trained on ", c.identity.graph, " (", c.identity.num_nodes, " nodes, ",
                        c.identity.num_train_edges, " training edges, split seed ", c.identity.split_seed,
                        "), this run's graph ", here.graph, " has ", here.num_nodes, " nodes, ", here.num_train_edges,
                        " training edges, split seed ", here.split_seed));
  const auto saved = nlohmann::json::parse(c.config_json, nullptr, false);
  const auto now = nlohmann::json::parse(config_json);
  if (saved.is_discarded()) fail("the stored config is not valid JSON");
  for (const char* key : kTrainingKeys) {
    const auto a = saved.value(key, nlohmann::json()), b = now.value(key, nlohmann::json());
    if (a != b) fail(detail::Concat("the checkpoint has ", key, " = ", a.dump(), ", this run has ", key, " = ", b.dump()));
  }
  if (c.params.size() != num_params)
    fail(detail::Concat("the checkpoint holds ", c.params.size(), " parameters, this model has ", num_params,
                        " (a different feature width?)"));
}

}  // namespace vgae::io
