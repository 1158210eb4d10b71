// Canonicalisation by sorting packed (u < v) keys: u and v share one 64-bit word (IdBits(N) bits each), an
// LSD radix sort orders them and adjacent repeats are duplicates. The CSR is then filled in key order.
#include "core/graph_build.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "core/error.h"

namespace vgae::core {

int IdBits(std::int64_t num_nodes) {
  int bits = 1;
  while (bits < 62 && (std::int64_t{1} << bits) < num_nodes) ++bits;
  return bits;
}

namespace {

// Sorted unique (u < v) keys → symmetric CSR. Row r holds its smaller neighbours (keys (w, r), w < r) and then
// its larger ones (keys (r, v)); keys sorted by (u, v) list both groups in ascending order. The two groups
// occupy disjoint slots of each row, so one thread fills the larger neighbours (sequential in key order) while
// another scatters the smaller ones: the same result for any thread count.
Csr<GlobalId> CsrFromKeys(std::int64_t num_nodes, const KeyVector& keys, int s, int threads) {
  VGAE_CHECK(num_nodes < (std::int64_t{1} << 31));
  const std::uint64_t mask = (std::uint64_t{1} << s) - 1;
  const auto n = static_cast<std::size_t>(num_nodes);
  Csr<GlobalId> g;
  g.rows = g.cols = num_nodes;
  std::vector<std::int64_t> smaller(n, 0);  // per row: its smaller neighbours, then where the larger ones go
  g.indptr.assign(n + 1, 0);                // per row (shifted by one): its larger neighbours, then offsets
  const auto both = [&](auto&& upper, auto&& lower) {
    if (threads > 1) {
      std::thread t(upper);
      lower();
      t.join();
    } else {
      upper();
      lower();
    }
  };
  both([&] { for (const auto k : keys) ++g.indptr[(k >> s) + 1]; },
       [&] { for (const auto k : keys) ++smaller[k & mask]; });
  for (std::size_t i = 0; i < n; ++i) g.indptr[i + 1] += g.indptr[i] + smaller[i];
  g.indices.resize(static_cast<std::size_t>(g.indptr.back()));
  for (std::size_t i = 0; i < n; ++i) smaller[i] += g.indptr[i];  // first slot of row i's larger neighbours
  std::vector<std::int64_t> lower_fill(g.indptr.begin(), g.indptr.end() - 1);
  both([&] { for (const auto k : keys) g.indices[smaller[k >> s]++] = static_cast<GlobalId>(k & mask); },
       [&] { for (const auto k : keys) g.indices[lower_fill[k & mask]++] = static_cast<GlobalId>(k >> s); });
  return g;
}

std::uint64_t SelfLoopKey(int s) { return (std::uint64_t{1} << (2 * s + 1)) - 1; }  // never a (u < v) key

}  // namespace

KeyVector PackedUpperKeys(EdgePairs&& pairs, const NodeNumbering& numbering,
                                           std::int64_t* self_loops, int threads) {
  const std::int64_t n = numbering.NumNodes();
  VGAE_CHECK(n < (std::int64_t{1} << 31));
  const int s = IdBits(n);
  const std::uint64_t loop_key = SelfLoopKey(s);
  std::vector<std::size_t> offset(pairs.chunks.size() + 1, 0);
  for (std::size_t c = 0; c < pairs.chunks.size(); ++c) offset[c + 1] = offset[c] + pairs.chunks[c].size() / 2;
  KeyVector keys;
  keys.resize(offset.back());  // uninitialised: pages become resident as written, while the chunks are freed
  std::vector<std::int64_t> loops(static_cast<std::size_t>(std::max(threads, 1)), 0);
  const auto work = [&](int t) {
    for (std::size_t c = static_cast<std::size_t>(t); c < pairs.chunks.size(); c += loops.size()) {
      auto& chunk = pairs.chunks[c];
      std::uint64_t* out = keys.data() + offset[c];
      for (std::size_t i = 0; i < chunk.size(); i += 2) {
        const auto a = static_cast<std::uint64_t>(numbering.Node(chunk[i]));
        const auto b = static_cast<std::uint64_t>(numbering.Node(chunk[i + 1]));
        if (a == b) ++loops[t];
        *out++ = a == b ? loop_key : a < b ? (a << s | b) << 1 : (b << s | a) << 1 | 1;
      }
      std::vector<GlobalId>().swap(chunk);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < static_cast<int>(loops.size()); ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  pairs.chunks.clear();
  std::int64_t total_loops = 0;
  for (auto l : loops) total_loops += l;
  if (self_loops) *self_loops = total_loops;
  if (total_loops > 0) {  // rare: compact in order
    keys.erase(std::remove(keys.begin(), keys.end(), loop_key), keys.end());
  }
  return keys;
}

Repeats SortUniquePairs(KeyVector& keys, int pair_bits, int threads) {
  RadixSort(keys, pair_bits + 1, threads);
  Repeats r;
  std::size_t out = 0;
  std::uint64_t prev = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::uint64_t k = keys[i];
    if (i > 0 && k == prev) {
      ++r.exact;
      continue;
    }
    prev = k;
    if (out > 0 && keys[out - 1] == k >> 1) {  // the same pair, the other direction
      ++r.reversed;
      continue;
    }
    keys[out++] = k >> 1;
  }
  keys.resize(out);
  return r;
}

Csr<GlobalId> BuildSymmetricGraph(EdgePairs&& pairs, const NodeNumbering& numbering, GraphBuildStats* stats,
                                  int threads) {
  const std::int64_t input = pairs.Size();
  std::int64_t self_loops = 0;
  auto keys = PackedUpperKeys(std::move(pairs), numbering, &self_loops, threads);
  const int s = IdBits(numbering.NumNodes());
  const Repeats repeats = SortUniquePairs(keys, 2 * s, threads);
  if (stats) {
    stats->input_edges = input;
    stats->self_loops = self_loops;
    stats->duplicates = repeats.exact + repeats.reversed;
    stats->reversed = repeats.reversed;
    stats->undirected_edges = static_cast<std::int64_t>(keys.size());
  }
  return CsrFromKeys(numbering.NumNodes(), keys, s, threads);
}

Csr<GlobalId> BuildSymmetricGraph(std::int64_t num_nodes, std::span<const GlobalId> src,
                                  std::span<const GlobalId> dst, GraphBuildStats* stats) {
  VGAE_CHECK(src.size() == dst.size());
  EdgePairs pairs;
  for (std::size_t i = 0; i < src.size(); ++i) {
    VGAE_CHECK(src[i] >= 0 && src[i] < num_nodes && dst[i] >= 0 && dst[i] < num_nodes);
    pairs.Push(src[i], dst[i]);
  }
  return BuildSymmetricGraph(std::move(pairs), NodeNumbering::Identity(num_nodes), stats);
}

Csr<GlobalId> BuildSymmetricGraph(std::int64_t num_nodes, std::span<const GlobalId> pairs) {
  VGAE_CHECK(pairs.size() % 2 == 0);
  EdgePairs edges;
  for (std::size_t i = 0; i < pairs.size(); i += 2) {
    VGAE_CHECK(pairs[i] >= 0 && pairs[i] < num_nodes && pairs[i + 1] >= 0 && pairs[i + 1] < num_nodes);
    edges.Push(pairs[i], pairs[i + 1]);
  }
  return BuildSymmetricGraph(std::move(edges), NodeNumbering::Identity(num_nodes), nullptr);
}

std::vector<GlobalId> UpperEdges(const CsrView<GlobalId>& graph) {
  std::vector<GlobalId> out;
  out.reserve(static_cast<std::size_t>(graph.Nnz()));
  for (GlobalId u = 0; u < graph.rows; ++u)
    for (auto k = graph.indptr[u]; k < graph.indptr[u + 1]; ++k)
      if (graph.indices[k] > u) {
        out.push_back(u);
        out.push_back(graph.indices[k]);
      }
  return out;
}

bool HasEdge(const CsrView<GlobalId>& graph, GlobalId u, GlobalId v) {
  const auto first = graph.indices.begin() + graph.indptr[u];
  const auto last = graph.indices.begin() + graph.indptr[u + 1];
  return std::binary_search(first, last, v);
}

}  // namespace vgae::core
