// Outputs that must never be seen half-written: everything is written under "<path>.partial" and renamed over
// <path> only when complete. Partial paths are remembered so that main() can remove them when a run fails
// (including on another rank, just before MPI_Abort).
#pragma once

#include <mpi.h>

#include <span>
#include <string>
#include <vector>

#include "core/types.h"

namespace vgae::io {

std::string PartialPath(const std::string& path);
void RegisterPartial(const std::string& path);   // remembers PartialPath(path)
void RemovePartialOutputs() noexcept;            // removes every remembered partial file
void CommitPartial(const std::string& path);     // fsyncs and renames PartialPath(path) → path

// Writes a text file atomically (serial).
void WriteTextAtomically(const std::string& path, const std::string& text);

struct EmbeddingAttrs {
  std::string model;
  std::int64_t epochs = 0;
  std::int64_t seed = 0;
  std::int64_t ranks = 1;
  std::string config_json;
};

// Collective: every rank writes the rows of its owned nodes (graph ids, any order) into PartialPath(path). logstd
// may be empty (GAE). original_ids are those of the owned nodes. The caller commits the file once every rank has
// returned (dist::WriteEmbeddings).
void WriteEmbeddingsPartial(const std::string& path, MPI_Comm comm, std::int64_t num_nodes, std::span<const GlobalId> owned,
                     const RowMatrixXf& mu, const RowMatrixXf& logstd, std::span<const std::int64_t> original_ids,
                     const EmbeddingAttrs& attrs);

}  // namespace vgae::io
