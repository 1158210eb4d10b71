// The single METIS call site. METIS here is built with a 32-bit idx_t, so sizes are checked against its range
// before any narrowing conversion; every return code is checked and named in the error.
#include "partition/metis_kway.h"

#include <metis.h>

#include <limits>
#include <string>

#include "core/error.h"
#include "partition/index_limits.h"

namespace vgae::partition {
namespace {

constexpr std::int64_t kIdxMax = std::numeric_limits<idx_t>::max();

std::string MetisStatusName(int status) {
  switch (status) {
    case METIS_OK:
      return "METIS_OK";
    case METIS_ERROR_INPUT:
      return "METIS_ERROR_INPUT (erroneous inputs or options)";
    case METIS_ERROR_MEMORY:
      return "METIS_ERROR_MEMORY (insufficient memory)";
    case METIS_ERROR:
      return "METIS_ERROR (unspecified METIS failure)";
    default:
      return "unknown METIS status " + std::to_string(status);
  }
}

}  // namespace

std::vector<Rank> MetisKway(const core::CsrView<GlobalId>& graph, int parts, std::uint64_t seed) {
  const std::int64_t n = graph.rows;
  const std::int64_t nnz = graph.Nnz();
  CheckIndexCapacity(detail::Concat("METIS (", 8 * sizeof(idx_t), "-bit idx_t)"), kIdxMax, n, nnz);

  // Both bounds were checked above, so every narrowing below is exact.
  std::vector<idx_t> xadj(static_cast<std::size_t>(n) + 1);
  for (std::int64_t i = 0; i <= n; ++i) xadj[i] = static_cast<idx_t>(graph.indptr[i]);
  std::vector<idx_t> adjncy(static_cast<std::size_t>(nnz));
  for (std::int64_t k = 0; k < nnz; ++k) adjncy[k] = static_cast<idx_t>(graph.indices[k]);

  idx_t options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_OBJTYPE] = METIS_OBJTYPE_CUT;
  options[METIS_OPTION_NUMBERING] = 0;
  // METIS takes a non-negative idx_t seed (-1 means "METIS's own default"); keep the low 31 bits so every
  // 64-bit seed maps to a valid, reproducible METIS seed.
  options[METIS_OPTION_SEED] = static_cast<idx_t>(seed & 0x7fffffffULL);

  idx_t nvtxs = static_cast<idx_t>(n);
  idx_t ncon = 1;
  idx_t nparts = parts;
  idx_t edge_cut = 0;
  std::vector<idx_t> part(static_cast<std::size_t>(n));
  const int status = METIS_PartGraphKway(
      &nvtxs, &ncon, xadj.data(), adjncy.data(), /*vwgt=*/nullptr, /*vsize=*/nullptr,
      /*adjwgt=*/nullptr, &nparts, /*tpwgts=*/nullptr, /*ubvec=*/nullptr, options, &edge_cut, part.data());
  if (status != METIS_OK) {
    throw PartitionError(detail::Concat("METIS_PartGraphKway failed with ", MetisStatusName(status),
                                        " partitioning ", n, " nodes and ", nnz, " adjacency entries into ",
                                        parts, " parts"));
  }
  return std::vector<Rank>(part.begin(), part.end());
}

}  // namespace vgae::partition
