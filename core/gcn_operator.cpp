#include "core/gcn_operator.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.h"

namespace vgae::core {

Csr<LocalId> BuildGcnOperator(const CsrView<LocalId>& adj, std::span<const std::int64_t> train_degree,
                              std::span<const GlobalId> local_gid) {
  VGAE_CHECK(static_cast<std::int64_t>(train_degree.size()) == adj.cols &&
             static_cast<std::int64_t>(local_gid.size()) == adj.cols);
  Csr<LocalId> s;
  s.rows = adj.rows;
  s.cols = adj.cols;
  s.indptr.resize(static_cast<std::size_t>(adj.rows) + 1);
  s.indices.reserve(static_cast<std::size_t>(adj.Nnz() + adj.rows));
  s.values.reserve(s.indices.capacity());
  std::vector<LocalId> row;
  for (std::int64_t i = 0; i < adj.rows; ++i) {
    row.assign(adj.indices.begin() + adj.indptr[i], adj.indices.begin() + adj.indptr[i + 1]);
    row.push_back(static_cast<LocalId>(i));
    std::sort(row.begin(), row.end(), [&](LocalId a, LocalId b) { return local_gid[a] < local_gid[b]; });
    const double di = static_cast<double>(train_degree[i] + 1);
    for (LocalId j : row) {
      s.indices.push_back(j);
      s.values.push_back(static_cast<float>(1.0 / std::sqrt(di * static_cast<double>(train_degree[j] + 1))));
    }
    s.indptr[i + 1] = static_cast<std::int64_t>(s.indices.size());
  }
  return s;
}

void RowNormalize(Csr<std::int32_t>& x, double target) {
  if (x.values.empty()) x.values.assign(x.indices.size(), 1.0f);
  for (std::int64_t i = 0; i < x.rows; ++i) {
    double sum = 0.0;
    for (auto k = x.indptr[i]; k < x.indptr[i + 1]; ++k) sum += x.values[k];
    if (sum == 0.0) continue;
    for (auto k = x.indptr[i]; k < x.indptr[i + 1]; ++k) x.values[k] = static_cast<float>(x.values[k] * target / sum);
  }
}

void RowNormalizeL2(Csr<std::int32_t>& x) {
  if (x.values.empty()) x.values.assign(x.indices.size(), 1.0f);
  for (std::int64_t i = 0; i < x.rows; ++i) {
    double sum = 0.0;
    for (auto k = x.indptr[i]; k < x.indptr[i + 1]; ++k) sum += static_cast<double>(x.values[k]) * x.values[k];
    if (sum == 0.0) continue;
    const double inv = 1.0 / std::sqrt(sum);
    for (auto k = x.indptr[i]; k < x.indptr[i + 1]; ++k) x.values[k] = static_cast<float>(x.values[k] * inv);
  }
}

double ValueSum(const Csr<std::int32_t>& x) {
  if (x.values.empty()) return static_cast<double>(x.indices.size());
  double sum = 0.0;
  for (float v : x.values) sum += v;
  return sum;
}

}  // namespace vgae::core
