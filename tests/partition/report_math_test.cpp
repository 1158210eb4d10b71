// The figures behind `partition --report`, checked by hand on a 6-node graph: halo rows each part receives and
// sends, the bytes sent per epoch for the default VGAE and for GAE, row-block counts that add up to the whole
// graph's, and the 32-bit index limits of METIS / PT-Scotch at sizes no test could allocate.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "partition/index_limits.h"
#include "partition/metis_kway.h"
#include "partition/partition.h"
#include "partition/report.h"

namespace vgae::partition {
namespace {

// 0-1, 1-2, 1-4, 2-3, 3-4, 4-5, 0-5 with parts {0,1} -> 0, {2,3} -> 1, {4,5} -> 2. By hand:
//   node 0 (part 0) touches part 2          -> halo of 2, part 0 sends 1 row
//   node 1 (part 0) touches parts 1 and 2   -> halo of 1 and 2, sends 2
//   node 2 (part 1) touches part 0          -> sends 1;  node 3 (part 1) touches part 2 -> sends 1
//   node 4 (part 2) touches parts 0 and 1   -> sends 2;  node 5 (part 2) touches part 0 -> sends 1
// halo sizes {2,4,5} {1,4} {0,1,3} = 3, 2, 3; send rows 3, 2, 3; cut edges 1-2, 1-4, 3-4, 0-5 = 4 of 7.
core::Csr<GlobalId> SixNodeGraph() {
  core::Csr<GlobalId> g;
  g.rows = g.cols = 6;
  g.indptr = {0, 2, 5, 7, 9, 12, 14};
  g.indices = {1, 5, 0, 2, 4, 1, 3, 2, 4, 1, 3, 5, 0, 4};
  return g;
}
const std::vector<Rank> kParts = {0, 0, 1, 1, 2, 2};

TEST(ReportMath, HaloAndSendRowsMatchTheHandCount) {
  const auto g = SixNodeGraph();
  const auto q = EvaluatePartition(g.View(), kParts, 3);
  EXPECT_EQ(q.edge_cut, 4);
  EXPECT_DOUBLE_EQ(q.edge_cut_fraction, 4.0 / 7.0);
  EXPECT_EQ(q.halo_sizes, (std::vector<std::int64_t>{3, 2, 3}));
  EXPECT_EQ(q.send_rows, (std::vector<std::int64_t>{3, 2, 3}));
  EXPECT_EQ(q.max_halo, 3);
}

TEST(ReportMath, BytesPerEpochAreFourGathersOfFloats) {
  const auto g = SixNodeGraph();
  const auto q = EvaluatePartition(g.View(), kParts, 3);
  // VGAE 32/16: P0 32 + P1 32 + dY 32 + dH1 32 = 128 floats = 512 bytes per halo row.
  const core::EncoderShape vgae{6, 32, 16, true};
  const auto r = MakeReportRow("metis", q, 7, vgae, 1.5, 12.0);
  EXPECT_EQ(r.send_bytes_max, 3 * 512);
  EXPECT_DOUBLE_EQ(r.send_bytes_mean, 8.0 * 512 / 3);
  EXPECT_EQ(r.halo_max, 3);
  EXPECT_DOUBLE_EQ(r.halo_mean, 8.0 / 3);
  EXPECT_EQ(r.nodes, 6);
  EXPECT_EQ(r.undirected_edges, 7);
  EXPECT_DOUBLE_EQ(r.imbalance, 1.0);
  EXPECT_EQ(r.method, "metis");
  EXPECT_DOUBLE_EQ(r.seconds, 1.5);
  // GAE 32/16: 32 + 16 + 16 + 32 = 96 floats = 384 bytes per row; hidden 8, latent 4 VGAE: 8+8+8+8 = 32 floats.
  EXPECT_EQ(MakeReportRow("metis", q, 7, core::EncoderShape{6, 32, 16, false}, 0, 0).send_bytes_max, 3 * 384);
  EXPECT_EQ(HaloBytesPerEpoch(2, core::EncoderShape{6, 8, 4, true}), 2 * 32 * 4);
}

TEST(ReportMath, RowBlockCountsAddUpToTheWholeGraph) {
  const auto g = SixNodeGraph();
  // Rows [0, 2) and [2, 6) as two ranks would hold them.
  const auto view = g.View();
  core::CsrView<GlobalId> first{2, 6, view.indptr.subspan(0, 3), view.indices, {}};
  std::vector<std::int64_t> rest_indptr;
  for (std::size_t i = 2; i < g.indptr.size(); ++i) rest_indptr.push_back(g.indptr[i] - g.indptr[2]);
  core::CsrView<GlobalId> rest{4, 6, rest_indptr, view.indices.subspan(static_cast<std::size_t>(g.indptr[2])), {}};
  const auto a = CountQuality(first, 0, kParts, 3);
  const auto b = CountQuality(rest, 2, kParts, 3);
  QualityCounts sum = a;
  sum.undirected_edges += b.undirected_edges;
  sum.edge_cut += b.edge_cut;
  for (int p = 0; p < 3; ++p) {
    sum.halo_sizes[p] += b.halo_sizes[p];
    sum.send_rows[p] += b.send_rows[p];
  }
  const auto whole = EvaluatePartition(view, kParts, 3);
  const auto merged = FinishQuality(sum, kParts, 3);
  EXPECT_EQ(sum.undirected_edges, 7);
  EXPECT_EQ(merged.edge_cut, whole.edge_cut);
  EXPECT_EQ(merged.halo_sizes, whole.halo_sizes);
  EXPECT_EQ(merged.send_rows, whole.send_rows);
  EXPECT_EQ(merged.part_sizes, whole.part_sizes);
  EXPECT_THROW(CountQuality(rest, 3, kParts, 3), PartitionError);  // rows 3..6 run past the 6 nodes
}

TEST(IndexCapacity, RefusesGraphsPastThirtyTwoBitsAndNamesTheSize) {
  constexpr std::int64_t kMax32 = std::numeric_limits<std::int32_t>::max();
  EXPECT_NO_THROW(CheckIndexCapacity("METIS (32-bit idx_t)", kMax32, kMax32, kMax32));
  try {
    CheckIndexCapacity("METIS (32-bit idx_t)", kMax32, 1000, kMax32 + 1);
    FAIL() << "2^31 adjacency entries must not fit a 32-bit index";
  } catch (const PartitionError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("METIS (32-bit idx_t)"), std::string::npos) << what;
    EXPECT_NE(what.find("2147483648 adjacency entries"), std::string::npos) << what;
    EXPECT_NE(what.find("2147483647"), std::string::npos) << what;
  }
  try {
    CheckIndexCapacity("PT-Scotch (32-bit SCOTCH_Num)", kMax32, std::int64_t{3} << 31, 10);
    FAIL() << "3 * 2^31 nodes must not fit a 32-bit index";
  } catch (const PartitionError& e) {
    EXPECT_NE(std::string(e.what()).find("6442450944 nodes"), std::string::npos) << e.what();
  }
  // A 64-bit build has room.
  EXPECT_NO_THROW(CheckIndexCapacity("x", std::numeric_limits<std::int64_t>::max(), std::int64_t{3} << 31,
                                     std::int64_t{1} << 40));
}

TEST(IndexCapacity, MetisRefusesABigGraphBeforeCopyingIt) {
  // A view that claims 2^31 adjacency entries (its last offset) but holds one: MetisKway must refuse on the
  // sizes alone, before narrowing or copying anything.
  std::vector<std::int64_t> indptr = {0, std::int64_t{1} << 31};
  std::vector<GlobalId> indices(1, 0);
  const core::CsrView<GlobalId> g{1, 1, indptr, indices, {}};
  try {
    MetisKway(g, 2, 1);
    FAIL() << "MetisKway accepted 2^31 adjacency entries";
  } catch (const PartitionError& e) {
    EXPECT_NE(std::string(e.what()).find("METIS (32-bit idx_t) cannot partition a graph with 2147483648 adjacency"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace vgae::partition
