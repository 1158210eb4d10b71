// Each query keeps a bounded heap whose top is its worst kept candidate; a candidate enters only when it
// beats that top. The score block is one matrix product (rows × queries).
#include "core/top_links.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace vgae::core {
namespace {

// a ranks before b: larger logit, then smaller id.
bool Better(const ScoredLink& a, const ScoredLink& b) {
  return a.logit > b.logit || (a.logit == b.logit && a.node < b.node);
}

}  // namespace

TopLinks::TopLinks(std::vector<GlobalId> queries, RowMatrixXf query_mu, std::vector<std::vector<GlobalId>> excluded,
                   int k)
    : queries_(std::move(queries)), query_mu_(std::move(query_mu)), excluded_(std::move(excluded)) {
  if (k < 1) throw ConfigError(detail::Concat("--top must be at least 1, found ", k));
  VGAE_CHECK(static_cast<std::size_t>(query_mu_.rows()) == queries_.size());
  VGAE_CHECK(excluded_.size() == queries_.size());
  k_ = static_cast<std::size_t>(k);
  for (auto& e : excluded_) std::sort(e.begin(), e.end());
  heaps_.resize(queries_.size());
}

void TopLinks::Offer(std::size_t q, ScoredLink c) {
  auto& heap = heaps_[q];
  if (heap.size() == k_) {
    if (!Better(c, heap.front())) return;
    std::pop_heap(heap.begin(), heap.end(), Better);
    heap.back() = c;
  } else {
    heap.push_back(c);
  }
  std::push_heap(heap.begin(), heap.end(), Better);  // Better as "less": the worst candidate is on top
}

void TopLinks::ScoreBlock(ConstMatRef block, GlobalId first) {
  if (block.rows() == 0 || queries_.empty()) return;
  VGAE_CHECK(block.cols() == query_mu_.cols());
  const RowMatrixXf logits = block * query_mu_.transpose();  // rows × queries
  for (std::size_t q = 0; q < queries_.size(); ++q) {
    const auto& excluded = excluded_[q];
    for (Eigen::Index r = 0; r < block.rows(); ++r) {
      const GlobalId node = first + r;
      const float logit = logits(r, static_cast<Eigen::Index>(q));
      if (std::isnan(logit))
        throw ConfigError(detail::Concat("link score of nodes ", queries_[q], " and ", node, " is NaN"));
      if (node == queries_[q] || std::binary_search(excluded.begin(), excluded.end(), node)) continue;
      Offer(q, {node, logit});
    }
  }
}

void TopLinks::Merge(std::size_t q, std::span<const ScoredLink> candidates) {
  for (const auto& c : candidates) Offer(q, c);
}

void TopLinks::Merge(const TopLinks& other) {
  VGAE_CHECK(other.queries_ == queries_ && other.k_ == k_);
  for (std::size_t q = 0; q < queries_.size(); ++q) Merge(q, other.heaps_[q]);
}

std::vector<ScoredLink> TopLinks::Result(std::size_t q) const {
  auto result = heaps_[q];
  std::sort(result.begin(), result.end(), Better);
  return result;
}

double Sigmoid(double x) { return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x)); }

}  // namespace vgae::core
