// Node numbering of an imported edge list. Two modes:
//  - identity: nodes are ids 0..N-1 as given (features or --num-nodes fix N; every id is its own node);
//  - renumbered: nodes are the distinct ids of the edge list, numbered 0..N-1 in ascending order of
//    original id (so a list whose ids are exactly 0..N-1 keeps them).
// Lookups of a renumbered id go through a bitmap with a per-word rank (2 bits per value of the id
// range) when the range is small next to the edge count, else through a binary search in the sorted ids
// (arbitrary 64-bit ids).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/edge_pairs.h"
#include "core/types.h"

namespace vgae::core {

// Set bits of a word: the instruction when the target has it, else a branch-free SWAR count (inline either
// way; without -mpopcnt the builtin is a libgcc call that dominated the renumbering).
inline std::int64_t PopCount(std::uint64_t x) {
#if defined(__POPCNT__)
  return __builtin_popcountll(x);
#else
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<std::int64_t>((x * 0x0101010101010101ULL) >> 56);
#endif
}

class NodeNumbering {
 public:
  static NodeNumbering Identity(std::int64_t num_nodes);
  // The sorted distinct ids of `pairs` (which it does not change).
  static NodeNumbering OfDistinctIds(const EdgePairs& pairs);
  // From sorted distinct ids (e.g. merged from several ranks).
  static NodeNumbering OfSortedIds(std::vector<GlobalId> sorted_ids);

  std::int64_t NumNodes() const { return num_nodes_; }
  bool IsIdentity() const { return identity_; }
  // Original id of each node (0..N-1 for identity).
  std::vector<GlobalId> OriginalIds() const;
  // Node of an original id that is one (checked by the caller: ids come from the edge list or are < N).
  std::int64_t Node(GlobalId id) const {
    if (identity_) return id;
    if (!bits_.empty()) {
      const auto w = static_cast<std::uint64_t>(id) >> 6;
      const std::uint64_t below = bits_[w] & ((std::uint64_t{1} << (id & 63)) - 1);
      return rank_[w] + PopCount(below);
    }
    return SparseNode(id);
  }

 private:
  std::int64_t SparseNode(GlobalId id) const;
  std::int64_t RankWords();  // fills rank_ from bits_; returns the number of set bits

  std::int64_t num_nodes_ = 0;
  bool identity_ = true;
  std::vector<GlobalId> ids_;         // sparse mode: the sorted ids
  std::vector<std::uint64_t> bits_;   // dense mode: bit id set when id is a node
  std::vector<std::int64_t> rank_;    // dense mode: nodes below word w
};

// Sorted distinct values of several sorted distinct lists.
std::vector<GlobalId> MergeSortedDistinct(std::span<const GlobalId> a, std::span<const GlobalId> b);

}  // namespace vgae::core
