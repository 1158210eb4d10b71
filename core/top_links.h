// Link recommendation kernel: the K best new partners of each query node by the inner-product decoder,
// scoring the embedding rows block by block so that memory stays O(block + queries·K) however large N is.
// Order: higher logit μ_q·μ_j first, ties broken by the smaller node id, so the answer is exact and does not
// depend on the block size or on how blocks are split between processes (Merge). A query never gets itself
// or a node in its excluded list (its existing neighbours).
#pragma once

#include <span>
#include <vector>

#include "core/types.h"

namespace vgae::core {

struct ScoredLink {
  GlobalId node = 0;
  float logit = 0;  // μ_q·μ_node; the link probability is sigmoid(logit)
};

class TopLinks {
 public:
  // queries: node ids; query_mu: their μ rows (one per query); excluded[i]: ids query i must not get.
  TopLinks(std::vector<GlobalId> queries, RowMatrixXf query_mu, std::vector<std::vector<GlobalId>> excluded, int k);

  // Scores rows [first, first + block.rows()) of μ against every query. ConfigError on a NaN score.
  void ScoreBlock(ConstMatRef block, GlobalId first);
  // Adds another accumulator's candidates (same queries and K): how per-process results are combined.
  void Merge(const TopLinks& other);
  void Merge(std::size_t query, std::span<const ScoredLink> candidates);

  std::size_t NumQueries() const { return queries_.size(); }
  GlobalId Query(std::size_t i) const { return queries_[i]; }
  // Query i's best links, best first (fewer than K when fewer candidates exist).
  std::vector<ScoredLink> Result(std::size_t i) const;

 private:
  void Offer(std::size_t query, ScoredLink candidate);

  std::vector<GlobalId> queries_;
  RowMatrixXf query_mu_;
  std::vector<std::vector<GlobalId>> excluded_;  // sorted
  std::size_t k_;
  std::vector<std::vector<ScoredLink>> heaps_;  // per query, a heap with the worst kept candidate on top
};

// sigmoid(x) without overflow for large |x|.
double Sigmoid(double x);

}  // namespace vgae::core
