#include "core/node_order.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>

#include "core/error.h"

namespace vgae::core {

std::vector<GlobalId> ReverseCuthillMcKee(const CsrView<GlobalId>& graph) {
  const std::int64_t n = graph.rows;
  VGAE_CHECK(graph.cols == n);
  auto degree = [&](GlobalId v) { return graph.indptr[v + 1] - graph.indptr[v]; };
  auto before = [&](GlobalId x, GlobalId y) {
    const auto dx = degree(x), dy = degree(y);
    return dx != dy ? dx < dy : x < y;
  };
  // Start candidates in ascending (degree, id): the next component starts at the first one not yet placed.
  std::vector<GlobalId> starts(static_cast<std::size_t>(n));
  std::iota(starts.begin(), starts.end(), GlobalId{0});
  std::sort(starts.begin(), starts.end(), before);
  std::vector<char> placed(static_cast<std::size_t>(n), 0);
  std::vector<GlobalId> order;
  order.reserve(static_cast<std::size_t>(n));
  for (const GlobalId root : starts) {
    if (placed[static_cast<std::size_t>(root)]) continue;
    placed[static_cast<std::size_t>(root)] = 1;
    order.push_back(root);
    // `order` doubles as the queue: entries after `head` are placed but not yet expanded.
    for (std::size_t head = order.size() - 1; head < order.size(); ++head) {
      const auto first = order.size();
      const GlobalId u = order[head];
      for (auto k = graph.indptr[u]; k < graph.indptr[u + 1]; ++k) {
        const GlobalId v = graph.indices[static_cast<std::size_t>(k)];
        if (!placed[static_cast<std::size_t>(v)]) {
          placed[static_cast<std::size_t>(v)] = 1;
          order.push_back(v);
        }
      }
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(first), order.end(), before);
    }
  }
  std::reverse(order.begin(), order.end());
  return order;
}

std::vector<GlobalId> InversePermutation(std::span<const GlobalId> order) {
  const auto n = static_cast<GlobalId>(order.size());
  std::vector<GlobalId> new_id(order.size(), -1);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const GlobalId old = order[i];
    if (old < 0 || old >= n || new_id[static_cast<std::size_t>(old)] != -1)
      throw InternalError(detail::Concat("node order: entry ", i, " (", old, ") is out of range or repeated"));
    new_id[static_cast<std::size_t>(old)] = static_cast<GlobalId>(i);
  }
  return new_id;
}

Csr<GlobalId> PermuteGraph(const CsrView<GlobalId>& graph, std::span<const GlobalId> order) {
  VGAE_CHECK(graph.rows == graph.cols && static_cast<std::int64_t>(order.size()) == graph.rows);
  const auto new_id = InversePermutation(order);
  Csr<GlobalId> out = PermuteRows(graph, order);
  for (auto& v : out.indices) v = new_id[static_cast<std::size_t>(v)];
  for (std::int64_t i = 0; i < out.rows; ++i)
    std::sort(out.indices.begin() + out.indptr[i], out.indices.begin() + out.indptr[i + 1]);
  return out;
}

template <typename Index>
Csr<Index> PermuteRows(const CsrView<Index>& m, std::span<const GlobalId> order) {
  VGAE_CHECK(static_cast<std::int64_t>(order.size()) == m.rows);
  Csr<Index> out;
  out.rows = m.rows;
  out.cols = m.cols;
  out.indptr.assign(static_cast<std::size_t>(m.rows) + 1, 0);
  for (std::size_t i = 0; i < order.size(); ++i)
    out.indptr[i + 1] = out.indptr[i] + (m.indptr[order[i] + 1] - m.indptr[order[i]]);
  out.indices.resize(static_cast<std::size_t>(m.Nnz()));
  if (!m.values.empty()) out.values.resize(out.indices.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto from = m.indptr[order[i]], count = m.indptr[order[i] + 1] - from;
    std::copy_n(m.indices.begin() + from, count, out.indices.begin() + out.indptr[i]);
    if (!m.values.empty()) std::copy_n(m.values.begin() + from, count, out.values.begin() + out.indptr[i]);
  }
  return out;
}
template Csr<std::int32_t> PermuteRows<std::int32_t>(const CsrView<std::int32_t>&, std::span<const GlobalId>);
template Csr<std::int64_t> PermuteRows<std::int64_t>(const CsrView<std::int64_t>&, std::span<const GlobalId>);

OrderSpread Spread(const CsrView<GlobalId>& graph) {
  OrderSpread s;
  double sum = 0.0;
  for (std::int64_t i = 0; i < graph.rows; ++i)
    for (auto k = graph.indptr[i]; k < graph.indptr[i + 1]; ++k) {
      const auto d = std::abs(graph.indices[static_cast<std::size_t>(k)] - i);
      s.bandwidth = std::max(s.bandwidth, d);
      sum += static_cast<double>(d);
    }
  if (graph.Nnz() > 0) s.mean_distance = sum / static_cast<double>(graph.Nnz());
  return s;
}

}  // namespace vgae::core
