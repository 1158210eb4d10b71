// Entries are packed like the serial build's keys ((row << IdBits(N) | col) << 1 | direction), so the same
// sort and deduplication apply.
#include "dist/row_block_build.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "core/error.h"
#include "core/graph_build.h"

namespace vgae::dist {

core::NodeNumbering NumberDistinctIds(const Comm& comm, const core::EdgePairs& pairs) {
  const auto mine = core::NodeNumbering::OfDistinctIds(pairs).OriginalIds();
  auto all = comm.Allgatherv<GlobalId>(mine);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return core::NodeNumbering::OfSortedIds(std::move(all));
}

RowBlock BuildRowBlock(const Comm& comm, core::EdgePairs&& pairs, const core::NodeNumbering& numbering) {
  const std::int64_t n = numbering.NumNodes();
  const int k = comm.size();
  RowBlock b;
  b.begin = n * comm.rank() / k;
  b.end = n * (comm.rank() + 1) / k;
  const auto owner = [&](std::uint64_t row) {  // the r with n*r/k <= row < n*(r+1)/k
    auto r = static_cast<int>(static_cast<std::int64_t>(row) * k / std::max<std::int64_t>(n, 1));
    while (r + 1 < k && n * (r + 1) / k <= static_cast<std::int64_t>(row)) ++r;
    while (r > 0 && n * r / k > static_cast<std::int64_t>(row)) --r;
    return r;
  };
  const int s = core::IdBits(n);
  const std::uint64_t mask = (std::uint64_t{1} << s) - 1;
  core::KeyVector send;
  std::vector<int> counts(static_cast<std::size_t>(k), 0);
  {
    const auto keys = core::PackedUpperKeys(std::move(pairs), numbering, &b.self_loops);
    if (keys.size() * 2 > static_cast<std::size_t>(std::numeric_limits<int>::max()))  // MPI counts are ints
      throw ConfigError(detail::Concat("rank ", comm.rank(), ": ", keys.size() * 2,
                                       " adjacency entries to send, over 2^31-1; run prep with more ranks"));
    for (const auto key : keys) {
      ++counts[owner(key >> (s + 1))];
      ++counts[owner((key >> 1) & mask)];
    }
    std::vector<std::size_t> at(static_cast<std::size_t>(k) + 1, 0);
    for (int r = 0; r < k; ++r) at[r + 1] = at[r] + static_cast<std::size_t>(counts[r]);
    send.resize(at.back());
    for (const auto key : keys) {  // both entries keep the line's direction bit
      const std::uint64_t u = key >> (s + 1), v = (key >> 1) & mask, dir = key & 1;
      send[at[owner(u)]++] = key;
      send[at[owner(v)]++] = (v << s | u) << 1 | dir;
    }
  }
  const std::vector<int> ones(static_cast<std::size_t>(k), 1);
  std::vector<int> ones_back;
  const auto recv_counts = comm.Alltoallv<int>(counts, ones, ones_back);  // what each rank sends here
  std::size_t total = 0;
  for (const int c : recv_counts) total += static_cast<std::size_t>(c);
  core::KeyVector recv(total);
  comm.Alltoallv<std::uint64_t>(send, counts, recv, recv_counts);
  core::KeyVector().swap(send);
  const core::Repeats repeats = core::SortUniquePairs(recv, 2 * s);
  b.duplicates = repeats.exact + repeats.reversed;
  b.reversed = repeats.reversed;
  b.rows.rows = b.end - b.begin;
  b.rows.cols = n;
  b.rows.indptr.assign(static_cast<std::size_t>(b.rows.rows) + 1, 0);
  b.rows.indices.resize(recv.size());
  for (std::size_t i = 0; i < recv.size(); ++i) {
    const auto row = static_cast<std::int64_t>(recv[i] >> s);
    VGAE_CHECK(row >= b.begin && row < b.end);
    ++b.rows.indptr[row - b.begin + 1];
    b.rows.indices[i] = static_cast<GlobalId>(recv[i] & mask);
  }
  for (std::int64_t i = 0; i < b.rows.rows; ++i) b.rows.indptr[i + 1] += b.rows.indptr[i];
  return b;
}

}  // namespace vgae::dist
