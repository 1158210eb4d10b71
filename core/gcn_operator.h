// Builds a rank's local operator S = rows O of Â = D^-1/2 (A + I) D^-1/2, columns O ∪ H, from the training
// adjacency of its owned rows. D counts the self-loop, so Â_ij = 1/sqrt((deg_i + 1)(deg_j + 1)). Entries of a
// row are ordered by global id, so a row sums in the same order whatever the partition: the forward pass of an
// owned row is bit-identical at every rank count.
#pragma once

#include <span>

#include "core/csr.h"
#include "core/types.h"

namespace vgae::core {

// adj: n_owned rows, columns are local ids (owned then halo), no self-loops. train_degree and local_gid have one
// entry per local row (owned and halo).
Csr<LocalId> BuildGcnOperator(const CsrView<LocalId>& adj, std::span<const std::int64_t> train_degree,
                              std::span<const GlobalId> local_gid);

// Scales every row of a feature matrix to sum `target` (rows summing to 0 stay as they are). target = 1 is
// GCN's preprocessing; target = the mean row sum keeps the features' overall scale.
void RowNormalize(Csr<std::int32_t>& x, double target = 1.0);
// Scales every non-zero row to unit Euclidean norm.
void RowNormalizeL2(Csr<std::int32_t>& x);
// Sum of all stored values (the caller turns it into a global mean row sum).
double ValueSum(const Csr<std::int32_t>& x);

}  // namespace vgae::core
