// Edge pairs as an importer reads them: (u, v) original ids in input order, held in chunks of at most
// kChunkPairs pairs so the graph build can free each chunk as soon as it has consumed it (peak memory stays
// near one copy of the edges). The first chunk is 1 MiB (small inputs, fuzzing); the others are reserved at
// full size: 64 MiB is above glibc's largest mmap threshold, so each is its own mapping, only its touched
// pages are resident, and freeing it returns them to the system at once.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/types.h"

namespace vgae::core {

struct EdgePairs {
  static constexpr std::size_t kChunkPairs = std::size_t{1} << 22;
  static constexpr std::size_t kFirstChunkPairs = std::size_t{1} << 16;

  std::vector<std::vector<GlobalId>> chunks;  // each: u0 v0 u1 v1 ... (at most 2 * kChunkPairs values)
  GlobalId max_id = -1;                       // largest id (-1 when empty)

  void Push(GlobalId u, GlobalId v) {
    if (chunks.empty() || chunks.back().size() == chunks.back().capacity()) {
      // A small first chunk for small inputs (tests, fuzzing), then full-size ones.
      const std::size_t pairs = chunks.empty() ? kFirstChunkPairs : kChunkPairs;
      chunks.emplace_back();
      chunks.back().reserve(2 * pairs);
    }
    chunks.back().push_back(u);
    chunks.back().push_back(v);
    const GlobalId m = u > v ? u : v;
    if (m > max_id) max_id = m;
  }
  std::int64_t Size() const {
    std::int64_t n = 0;
    for (const auto& c : chunks) n += static_cast<std::int64_t>(c.size() / 2);
    return n;
  }
  // Appends other's pairs after these (chunks move; no copy).
  void Append(EdgePairs&& other) {
    for (auto& c : other.chunks) chunks.push_back(std::move(c));
    other.chunks.clear();
    if (other.max_id > max_id) max_id = other.max_id;
  }
};

}  // namespace vgae::core
