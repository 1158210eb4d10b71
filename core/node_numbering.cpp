// Renumbering by rank in the set of distinct ids. The dense form (bitmap + per-word ranks) is used when the
// id range is at most kDenseRangePerPair values per pair: then it costs at most 4 bytes per pair and every
// lookup is two memory reads. Otherwise the ids are sorted (16 bytes per pair of scratch).
#include "core/node_numbering.h"

#include <algorithm>

#include "core/error.h"

namespace vgae::core {
namespace {
constexpr std::int64_t kDenseRangePerPair = 16;
constexpr std::int64_t kDenseRangeMin = std::int64_t{1} << 24;  // small inputs: always dense
}  // namespace

NodeNumbering NodeNumbering::Identity(std::int64_t num_nodes) {
  NodeNumbering m;
  m.num_nodes_ = num_nodes;
  return m;
}

NodeNumbering NodeNumbering::OfDistinctIds(const EdgePairs& pairs) {
  NodeNumbering m;
  m.identity_ = false;
  if (pairs.max_id < 0) return m;
  const std::int64_t range = pairs.max_id + 1;
  const std::int64_t count = pairs.Size();
  if (range <= std::max(kDenseRangeMin, kDenseRangePerPair * count)) {
    const auto words = static_cast<std::size_t>((range + 63) / 64);
    m.bits_.assign(words, 0);
    for (const auto& chunk : pairs.chunks)
      for (const GlobalId id : chunk) m.bits_[static_cast<std::size_t>(id) >> 6] |= std::uint64_t{1} << (id & 63);
    m.num_nodes_ = m.RankWords();
    return m;
  }
  std::vector<GlobalId> ids;
  ids.reserve(static_cast<std::size_t>(2 * count));
  for (const auto& chunk : pairs.chunks) ids.insert(ids.end(), chunk.begin(), chunk.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ids.shrink_to_fit();
  return OfSortedIds(std::move(ids));
}

NodeNumbering NodeNumbering::OfSortedIds(std::vector<GlobalId> sorted_ids) {
  NodeNumbering m;
  m.identity_ = false;
  m.num_nodes_ = static_cast<std::int64_t>(sorted_ids.size());
  if (sorted_ids.empty()) return m;
  const std::int64_t range = sorted_ids.back() + 1;
  if (range > std::max(kDenseRangeMin, 4 * kDenseRangePerPair * m.num_nodes_)) {
    m.ids_ = std::move(sorted_ids);
    return m;
  }
  const auto words = static_cast<std::size_t>((range + 63) / 64);
  m.bits_.assign(words, 0);
  for (const GlobalId id : sorted_ids) m.bits_[static_cast<std::size_t>(id) >> 6] |= std::uint64_t{1} << (id & 63);
  m.RankWords();
  return m;
}

std::int64_t NodeNumbering::RankWords() {
  rank_.resize(bits_.size());
  std::int64_t total = 0;
  for (std::size_t w = 0; w < bits_.size(); ++w) {
    rank_[w] = total;
    total += PopCount(bits_[w]);
  }
  return total;
}

std::vector<GlobalId> NodeNumbering::OriginalIds() const {
  std::vector<GlobalId> out;
  out.reserve(static_cast<std::size_t>(num_nodes_));
  if (identity_) {
    for (GlobalId i = 0; i < num_nodes_; ++i) out.push_back(i);
  } else if (!bits_.empty()) {
    for (std::size_t w = 0; w < bits_.size(); ++w)
      for (std::uint64_t b = bits_[w]; b != 0; b &= b - 1)
        out.push_back(static_cast<GlobalId>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(b))));
  } else {
    out = ids_;
  }
  return out;
}

std::int64_t NodeNumbering::SparseNode(GlobalId id) const {
  const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  VGAE_CHECK(it != ids_.end() && *it == id);
  return it - ids_.begin();
}

std::vector<GlobalId> MergeSortedDistinct(std::span<const GlobalId> a, std::span<const GlobalId> b) {
  std::vector<GlobalId> out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace vgae::core
