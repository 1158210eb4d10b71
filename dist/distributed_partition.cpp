#include "dist/distributed_partition.h"

#include <mpi.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

// PT-Scotch's scotch.h (SCOTCH_Num, SCOTCH_randomSeed), then its ParMETIS-compatible parmetis.h, which reuses
// SCOTCH_Num and defines METIS_OK. Never included together with METIS's metis.h (partition/metis_kway.cpp).
#include <scotch.h>
#include <parmetis.h>

#include "core/error.h"
#include "partition/index_limits.h"

namespace vgae::dist {
namespace {

constexpr std::int64_t kScotchNumMax = std::numeric_limits<SCOTCH_Num>::max();

// Every rank learns whether any rank failed, so all throw together and none waits in a later collective.
void ThrowOnAnyRank(const Comm& comm, bool failed_here, const std::string& message) {
  if (comm.AllreduceOr(failed_here)) throw PartitionError(message);
}

}  // namespace

std::vector<std::int64_t> BlockVtxdist(std::int64_t n, int p) {
  std::vector<std::int64_t> vtxdist(static_cast<std::size_t>(p) + 1);
  for (int r = 0; r <= p; ++r) vtxdist[r] = n * r / p;
  return vtxdist;
}

std::vector<Rank> PtScotchKway(const Comm& comm, const core::CsrView<GlobalId>& rows,
                               std::span<const std::int64_t> vtxdist, int parts, std::uint64_t seed) {
  VGAE_CHECK(vtxdist.size() == static_cast<std::size_t>(comm.size()) + 1);
  VGAE_CHECK(rows.rows == vtxdist[comm.rank() + 1] - vtxdist[comm.rank()]);
  const std::int64_t n = vtxdist.back();
  // Every argument check below sees the same global values on every rank, so all ranks throw together.
  partition::CheckPartCount(n, parts);
  if (n < comm.size()) {
    throw PartitionError(detail::Concat("ptscotch: ", comm.size(), " processes but only ", n,
                                        " nodes; every process needs at least one row (use fewer processes)"));
  }
  const std::int64_t nnz = comm.AllreduceSum<std::int64_t>(rows.Nnz());
  partition::CheckIndexCapacity(detail::Concat("PT-Scotch (", 8 * sizeof(SCOTCH_Num), "-bit SCOTCH_Num)"),
                                kScotchNumMax, n, nnz);
  if (parts == 1) return std::vector<Rank>(static_cast<std::size_t>(rows.rows), 0);

  // Both totals fit SCOTCH_Num, so every narrowing below is exact.
  std::vector<SCOTCH_Num> vtx(vtxdist.begin(), vtxdist.end());
  std::vector<SCOTCH_Num> xadj(static_cast<std::size_t>(rows.rows) + 1);
  for (std::int64_t i = 0; i <= rows.rows; ++i) xadj[i] = static_cast<SCOTCH_Num>(rows.indptr[i] - rows.indptr[0]);
  std::vector<SCOTCH_Num> adjncy(static_cast<std::size_t>(rows.Nnz() - rows.indptr[0]));
  for (std::size_t k = 0; k < adjncy.size(); ++k) adjncy[k] = static_cast<SCOTCH_Num>(rows.indices[rows.indptr[0] + k]);

  SCOTCH_Num wgtflag = 0, numflag = 0, ncon = 1, nparts = parts, edgecut = 0;
  SCOTCH_Num options[3] = {0, 0, 0};  // options[0] == 0: the library's defaults
  std::vector<float> tpwgts(static_cast<std::size_t>(parts), 1.0f / static_cast<float>(parts));
  float ubvec = 1.05f;
  std::vector<SCOTCH_Num> part(static_cast<std::size_t>(rows.rows));
  MPI_Comm raw = comm.raw();
  // Debian's PT-Scotch runs threads that make MPI calls concurrently, which needs MPI_THREAD_MULTIPLE; we
  // initialise MPI single-threaded (as train does), and concurrent calls then corrupt the heap (seen at 4
  // processes). One thread per process keeps PT-Scotch within that; the processes give the parallelism.
  setenv("SCOTCH_PTHREAD_NUMBER", "1", /*overwrite=*/1);
  SCOTCH_randomSeed(static_cast<SCOTCH_Num>(seed % static_cast<std::uint64_t>(kScotchNumMax)));
  const int status = ParMETIS_V3_PartKway(vtx.data(), xadj.data(), adjncy.data(), /*vwgt=*/nullptr,
                                          /*adjwgt=*/nullptr, &wgtflag, &numflag, &ncon, &nparts, tpwgts.data(),
                                          &ubvec, options, &edgecut, part.data(), &raw);
  ThrowOnAnyRank(comm, status != METIS_OK,
                 detail::Concat("PT-Scotch ParMETIS_V3_PartKway failed (status ", status, " on rank ", comm.rank(),
                                ") partitioning ", n, " nodes and ", nnz, " adjacency entries into ", parts,
                                " parts over ", comm.size(), " processes"));
  std::vector<Rank> out(part.size());
  bool in_range = true;
  for (std::size_t i = 0; i < part.size(); ++i) {
    in_range = in_range && part[i] >= 0 && part[i] < parts;
    out[i] = static_cast<Rank>(part[i]);
  }
  ThrowOnAnyRank(comm, !in_range, detail::Concat("PT-Scotch returned a part outside [0, ", parts, ")"));
  return out;
}

partition::PartitionQuality EvaluateRowBlocks(const Comm& comm, const core::CsrView<GlobalId>& rows,
                                              GlobalId first_row, std::span<const Rank> part, int parts) {
  auto counts = partition::CountQuality(rows, first_row, part, parts);
  counts.undirected_edges = comm.AllreduceSum<std::int64_t>(counts.undirected_edges);
  counts.edge_cut = comm.AllreduceSum<std::int64_t>(counts.edge_cut);
  comm.AllreduceSum<std::int64_t>(counts.halo_sizes);
  comm.AllreduceSum<std::int64_t>(counts.send_rows);
  return partition::FinishQuality(counts, part, parts);
}

}  // namespace vgae::dist
