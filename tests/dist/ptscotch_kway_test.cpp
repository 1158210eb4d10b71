// PT-Scotch through dist::PtScotchKway at 1-4 processes on Cora (each rank holds one block of rows, as
// partition --method ptscotch reads them): every node gets a part in range, no part is empty, the cut is far
// below the hash baseline's, and the row-block quality figures equal the serial EvaluatePartition's. Bad
// requests fail on every rank together.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/graph_build.h"
#include "dist/comm.h"
#include "dist/distributed_partition.h"
#include "io/text_formats.h"
#include "partition/partition.h"

namespace vgae::dist {
namespace {

const core::Csr<GlobalId>& Cora() {
  static const core::Csr<GlobalId> graph = [] {
    const auto edges = io::ReadEdgeList(std::string(VGAE_DATA_DIR) + "/cora/edges.txt");
    return core::BuildSymmetricGraph(edges.max_id + 1, edges.src, edges.dst);
  }();
  return graph;
}

// This rank's rows [vtxdist[r], vtxdist[r+1]) of g, indptr rebased to 0.
struct Block {
  std::vector<std::int64_t> indptr;
  std::vector<GlobalId> indices;
  core::CsrView<GlobalId> View(std::int64_t n) const {
    return {static_cast<std::int64_t>(indptr.size()) - 1, n, indptr, indices, {}};
  }
};
Block RowBlock(const core::Csr<GlobalId>& g, std::int64_t begin, std::int64_t end) {
  Block b;
  for (std::int64_t v = begin; v <= end; ++v) b.indptr.push_back(g.indptr[v] - g.indptr[begin]);
  b.indices.assign(g.indices.begin() + g.indptr[begin], g.indices.begin() + g.indptr[end]);
  return b;
}

TEST(PtScotchKway, PartitionsCoraValidlyAndCutsFarFewerEdgesThanHash) {
  const auto comm = Comm::World();
  const auto& g = Cora();
  ASSERT_EQ(g.rows, 2708);
  const auto vtxdist = BlockVtxdist(g.rows, comm.size());
  const auto block = RowBlock(g, vtxdist[comm.rank()], vtxdist[comm.rank() + 1]);
  for (const int parts : {2, 4, 7}) {
    const auto mine = PtScotchKway(comm, block.View(g.rows), vtxdist, parts, 1);
    ASSERT_EQ(static_cast<std::int64_t>(mine.size()), vtxdist[comm.rank() + 1] - vtxdist[comm.rank()]);
    const auto part = comm.Allgatherv<Rank>(mine);
    ASSERT_EQ(static_cast<std::int64_t>(part.size()), g.rows);
    for (const Rank p : part) ASSERT_TRUE(p >= 0 && p < parts) << p;
    const auto q = EvaluateRowBlocks(comm, block.View(g.rows), vtxdist[comm.rank()], part, parts);
    const auto serial = partition::EvaluatePartition(g.View(), part, parts);
    EXPECT_EQ(q.edge_cut, serial.edge_cut);
    EXPECT_EQ(q.halo_sizes, serial.halo_sizes);
    EXPECT_EQ(q.send_rows, serial.send_rows);
    EXPECT_DOUBLE_EQ(q.edge_cut_fraction, serial.edge_cut_fraction);
    for (const auto size : q.part_sizes) EXPECT_GT(size, 0) << parts << " parts";
    EXPECT_LE(q.imbalance, 1.10) << parts << " parts";
    const auto hash = partition::EvaluatePartition(
        g.View(), partition::PartitionGraph(g.View(), parts, partition::Method::kHash, 1), parts);
    EXPECT_LT(q.edge_cut * 5, hash.edge_cut) << parts << " parts: ptscotch " << q.edge_cut << ", hash " << hash.edge_cut;
    if (comm.rank() == 0)
      std::printf("[ PT-Scotch ] %d processes, %d parts: cut %lld (hash %lld), imbalance %.3f\n", comm.size(), parts,
                  static_cast<long long>(q.edge_cut), static_cast<long long>(hash.edge_cut), q.imbalance);
  }
}

TEST(PtScotchKway, OnePartIsAllZero) {
  const auto comm = Comm::World();
  const auto& g = Cora();
  const auto vtxdist = BlockVtxdist(g.rows, comm.size());
  const auto block = RowBlock(g, vtxdist[comm.rank()], vtxdist[comm.rank() + 1]);
  const auto mine = PtScotchKway(comm, block.View(g.rows), vtxdist, 1, 1);
  EXPECT_TRUE(std::all_of(mine.begin(), mine.end(), [](Rank p) { return p == 0; }));
}

TEST(PtScotchKway, BadRequestsFailOnEveryRank) {
  const auto comm = Comm::World();
  // A path of 3 nodes: more parts than nodes fails everywhere; with 4 processes a rank would hold no row.
  const auto path = core::BuildSymmetricGraph(3, std::vector<GlobalId>{0, 1}, std::vector<GlobalId>{1, 2});
  const auto vtxdist = BlockVtxdist(3, comm.size());
  const auto block = RowBlock(path, vtxdist[comm.rank()], vtxdist[comm.rank() + 1]);
  EXPECT_THROW(PtScotchKway(comm, block.View(3), vtxdist, 4, 1), PartitionError);
  EXPECT_THROW(PtScotchKway(comm, block.View(3), vtxdist, 0, 1), PartitionError);
  if (comm.size() > 3) {
    try {
      PtScotchKway(comm, block.View(3), vtxdist, 2, 1);
      FAIL() << "4 processes cannot share 3 rows";
    } catch (const PartitionError& e) {
      EXPECT_NE(std::string(e.what()).find("every process needs at least one row"), std::string::npos) << e.what();
    }
  } else {
    const auto part = comm.Allgatherv<Rank>(PtScotchKway(comm, block.View(3), vtxdist, 2, 1));
    EXPECT_EQ(part.size(), 3u);
  }
}

}  // namespace
}  // namespace vgae::dist
