// PartitionGraph and the method names: validates the request, then dispatches to METIS (metis_kway.cpp) or to
// the two baselines, hash (scattered, a worst case for edge cut) and block (contiguous id ranges).
#include "partition/partition.h"

#include "core/error.h"
#include "partition/metis_kway.h"

namespace vgae::partition {
namespace {

// splitmix64's finalizer: a bijective 64-bit mixer whose every output bit depends on every input bit, so
// consecutive ids spread evenly over the parts.
std::uint64_t Mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::vector<Rank> HashPartition(std::int64_t n, int parts, std::uint64_t seed) {
  std::vector<Rank> part(static_cast<std::size_t>(n));
  const auto k = static_cast<std::uint64_t>(parts);
  for (std::int64_t v = 0; v < n; ++v) {
    part[v] = static_cast<Rank>(Mix64(static_cast<std::uint64_t>(v) ^ seed) % k);
  }
  return part;
}

// Blocks of q+1 ids for the first r = n % parts parts, then blocks of q = n / parts ids (q >= 1 as parts <=
// n).
std::vector<Rank> BlockPartition(std::int64_t n, int parts) {
  std::vector<Rank> part(static_cast<std::size_t>(n));
  const std::int64_t q = n / parts;
  const std::int64_t r = n % parts;
  const std::int64_t big_end = r * (q + 1);  // first id of the first small block
  for (std::int64_t v = 0; v < n; ++v) {
    part[v] = static_cast<Rank>(v < big_end ? v / (q + 1) : r + (v - big_end) / q);
  }
  return part;
}

// Shape checks that are cheap next to partitioning; a violation is a caller bug (InternalError), not bad
// input.
void CheckGraphShape(const core::CsrView<GlobalId>& graph) {
  VGAE_CHECK(graph.rows >= 0 && graph.rows == graph.cols);
  VGAE_CHECK(static_cast<std::int64_t>(graph.indptr.size()) == graph.rows + 1);
  VGAE_CHECK(static_cast<std::int64_t>(graph.indices.size()) >= graph.Nnz());
  for (std::int64_t k = 0; k < graph.Nnz(); ++k)
    VGAE_CHECK(graph.indices[k] >= 0 && graph.indices[k] < graph.rows);
}

}  // namespace

void CheckPartCount(std::int64_t nodes, int parts) {
  if (parts < 1) {
    throw PartitionError(detail::Concat("cannot partition into ", parts, " parts; expected at least 1"));
  }
  if (parts > nodes) {
    throw PartitionError(detail::Concat("cannot partition ", nodes, " nodes into ", parts,
                                        " parts; every part needs at least one node (expected parts <= ", nodes,
                                        ")"));
  }
}

Method ParseMethod(const std::string& name) {
  if (name == "metis") return Method::kMetis;
  if (name == "hash") return Method::kHash;
  if (name == "block") return Method::kBlock;
  if (name == "ptscotch") return Method::kPtScotch;
  throw ConfigError(
      detail::Concat("unknown partition method '", name, "'; expected metis, hash, block or ptscotch"));
}

std::string MethodName(Method m) {
  switch (m) {
    case Method::kMetis:
      return "metis";
    case Method::kHash:
      return "hash";
    case Method::kBlock:
      return "block";
    case Method::kPtScotch:
      return "ptscotch";
  }
  throw InternalError("MethodName: invalid Method value");
}

std::vector<Rank> PartitionGraph(const core::CsrView<GlobalId>& graph, int parts, Method method,
                                 std::uint64_t seed) {
  CheckGraphShape(graph);
  const std::int64_t n = graph.rows;
  CheckPartCount(n, parts);
  if (parts == 1) return std::vector<Rank>(static_cast<std::size_t>(n), 0);

  switch (method) {
    case Method::kMetis:
      // With no edges there is no cut to minimise, so every balanced assignment is optimal. Block assignment
      // is one, is exactly balanced and deterministic, and avoids relying on METIS's undocumented behaviour
      // on edgeless graphs (its coarsening has nothing to match).
      if (graph.Nnz() == 0) return BlockPartition(n, parts);
      return MetisKway(graph, parts, seed);
    case Method::kHash:
      return HashPartition(n, parts, seed);
    case Method::kBlock:
      return BlockPartition(n, parts);
    case Method::kPtScotch:
      throw InternalError("PartitionGraph: ptscotch is distributed; call dist::PtScotchKway");
  }
  throw InternalError("PartitionGraph: invalid Method value");
}

}  // namespace vgae::partition
