#include "io/output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "core/error.h"
#include "io/format.h"
#include "io/h5.h"

namespace vgae::io {
namespace {
std::mutex& PartialMutex() {
  static std::mutex m;
  return m;
}
std::vector<std::string>& Partials() {
  static std::vector<std::string> p;
  return p;
}
void FsyncPath(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}
}  // namespace

std::string PartialPath(const std::string& path) { return path + ".partial"; }

void RegisterPartial(const std::string& path) {
  std::lock_guard<std::mutex> lock(PartialMutex());
  Partials().push_back(PartialPath(path));
}

void RemovePartialOutputs() noexcept {
  std::lock_guard<std::mutex> lock(PartialMutex());
  for (const auto& p : Partials()) std::remove(p.c_str());
  Partials().clear();
}

void CommitPartial(const std::string& path) {
  const auto partial = PartialPath(path);
  FsyncPath(partial);
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) throw IoError(detail::Concat(path, ": cannot move the finished output into place: ", ec.message()));
  const auto dir = std::filesystem::path(path).parent_path();
  FsyncPath(dir.empty() ? "." : dir.string());
  std::lock_guard<std::mutex> lock(PartialMutex());
  std::erase(Partials(), partial);
}

void WriteTextAtomically(const std::string& path, const std::string& text) {
  RegisterPartial(path);
  {
    std::ofstream out(PartialPath(path), std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(path + ": cannot open for writing");
    out << text;
    out.flush();
    if (!out) throw IoError(path + ": write failed");
  }
  CommitPartial(path);
}

void WriteEmbeddingsPartial(const std::string& path, MPI_Comm comm, std::int64_t num_nodes, std::span<const GlobalId> owned,
                     const RowMatrixXf& mu, const RowMatrixXf& logstd, std::span<const std::int64_t> original_ids,
                     const EmbeddingAttrs& attrs) {
  RegisterPartial(path);
  const auto d = static_cast<hsize_t>(mu.cols());
  {
    auto file = H5File::Open(PartialPath(path), H5File::Mode::kCreate, comm);
    file.SetAttr<std::int64_t>("/", names::kFormatVersionAttr, kFormatVersion);
    file.SetAttr<std::int64_t>("/", names::kNumNodesAttr, num_nodes);
    file.SetAttr("/", "model", attrs.model);
    file.SetAttr<std::int64_t>("/", "latent", static_cast<std::int64_t>(d));
    file.SetAttr<std::int64_t>("/", "epochs", attrs.epochs);
    file.SetAttr<std::int64_t>("/", "seed", attrs.seed);
    file.SetAttr<std::int64_t>("/", "ranks", attrs.ranks);
    file.SetAttr("/", "config", attrs.config_json);
    const auto n = static_cast<hsize_t>(num_nodes);
    file.Create<float>(names::kEmbeddingMu, {n, d});
    file.WriteRows<float>(names::kEmbeddingMu, owned, std::span<const float>(mu.data(), static_cast<std::size_t>(mu.size())));
    if (logstd.size() > 0) {
      file.Create<float>(names::kEmbeddingLogStd, {n, d});
      file.WriteRows<float>(names::kEmbeddingLogStd, owned,
                            std::span<const float>(logstd.data(), static_cast<std::size_t>(logstd.size())));
    }
    file.Create<std::int64_t>(names::kOriginalId, {n});
    file.WriteRows<std::int64_t>(names::kOriginalId, owned, original_ids);
    file.Close();
  }
}

}  // namespace vgae::io
