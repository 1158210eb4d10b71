// The block-wise edge split over MPI against the whole-graph split: every rank splits its rows of a random
// graph (blocks of uneven size, some empty at 3 and 4 ranks), and the lists gathered in rank order, and the
// training rows, equal what one process computes for the whole graph.
#include <gtest/gtest.h>

#include <random>

#include "core/edge_split.h"
#include "core/graph_build.h"
#include "dist/comm_collective.h"

namespace vgae {
namespace {

using dist::Comm;

core::Csr<GlobalId> RandomGraph(std::int64_t nodes, std::int64_t edges, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<GlobalId> node(0, nodes - 1);
  std::vector<GlobalId> src, dst;
  for (std::int64_t e = 0; e < edges; ++e) {
    src.push_back(node(rng));
    dst.push_back(node(rng));
  }
  return core::BuildSymmetricGraph(nodes, src, dst);
}

core::Csr<GlobalId> Rows(const core::Csr<GlobalId>& g, GlobalId begin, GlobalId end) {
  core::Csr<GlobalId> out;
  out.rows = end - begin;
  out.cols = g.cols;
  for (auto i = begin; i < end; ++i) out.indptr.push_back(g.indptr[i + 1] - g.indptr[begin]);
  out.indices.assign(g.indices.begin() + g.indptr[begin], g.indices.begin() + g.indptr[end]);
  return out;
}

TEST(BlockSplit, MatchesTheWholeGraphSplit) {
  const Comm world = Comm::World();
  const dist::CommCollective peers(world);
  const std::int64_t n = 700;
  const auto g = RandomGraph(n, 4000, 5);
  // Rank r takes rows [cut(r), cut(r + 1)): the first ranks half of what remains, the last ones may get none.
  const auto cut = [&](int r) { return r >= world.size() ? n : std::min<GlobalId>(n, r * 400); };
  const GlobalId begin = cut(world.rank()), end = cut(world.rank() + 1);
  const auto rows = Rows(g, begin, end);
  const auto block = core::SplitEdgeBlock(rows.View(), begin, 0.1, 0.2, 11, peers);
  const auto whole = core::SplitEdges(g.View(), 0.1, 0.2, 11);
  EXPECT_EQ(world.Allgatherv<GlobalId>(block.lists.train), whole.train);
  EXPECT_EQ(world.Allgatherv<GlobalId>(block.lists.val_pos), whole.val_pos);
  EXPECT_EQ(world.Allgatherv<GlobalId>(block.lists.test_pos), whole.test_pos);
  EXPECT_EQ(world.Allgatherv<GlobalId>(block.lists.val_neg), whole.val_neg);
  EXPECT_EQ(world.Allgatherv<GlobalId>(block.lists.test_neg), whole.test_neg);
  EXPECT_EQ(whole.test_pos.size() / 2, static_cast<std::size_t>(g.Nnz() / 2 / 5));  // floor(E · 0.2)
  // The block's training rows are its rows of the graph built from the train list.
  const auto train_graph = core::BuildSymmetricGraph(n, whole.train);
  EXPECT_EQ(block.train_rows.indices, Rows(train_graph, begin, end).indices);
  EXPECT_EQ(block.train_rows.indptr, Rows(train_graph, begin, end).indptr);
}

}  // namespace
}  // namespace vgae
