// The collective graph writer against the serial one: every rank writes its row block (uneven blocks, some
// empty at 3 and 4 ranks) and the file must hold exactly the datasets io::WriteGraphFile writes for the whole
// graph, for CSR and dense features, with labels.
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>
#include <random>

#include "core/error.h"
#include "core/graph_build.h"
#include "dist/graph_writer.h"
#include "io/graph_file.h"
#include "testing/h5_compare.h"
#include "testing/shared_temp_dir.h"

namespace vgae {
namespace {

using dist::Comm;

struct WholeGraph {
  core::Csr<GlobalId> adjacency;
  core::Csr<std::int32_t> sparse;
  std::vector<float> dense;
  std::vector<std::int64_t> original;
  std::vector<std::int32_t> labels;
};

constexpr std::int64_t kNodes = 57, kDim = 5;

WholeGraph MakeGraph() {
  WholeGraph g;
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<GlobalId> node(0, kNodes - 1);
  std::vector<GlobalId> src, dst;
  for (int e = 0; e < 200; ++e) {
    src.push_back(node(rng));
    dst.push_back(node(rng));
  }
  g.adjacency = core::BuildSymmetricGraph(kNodes, src, dst);
  g.sparse.rows = kNodes;
  g.sparse.cols = kDim;
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  for (std::int64_t i = 0; i < kNodes; ++i) {
    for (std::int32_t c = 0; c < kDim; ++c) {
      const float v = value(rng);
      g.dense.push_back(v);
      if (v > 0.3f) {
        g.sparse.indices.push_back(c);
        g.sparse.values.push_back(v);
      }
    }
    g.sparse.indptr.push_back(static_cast<std::int64_t>(g.sparse.indices.size()));
    g.original.push_back(500 + 3 * i);
    g.labels.push_back(static_cast<std::int32_t>(i % 4) - 1);
  }
  return g;
}

// Rows of rank r: the first ranks take most rows, the last ones may get none.
std::pair<std::int64_t, std::int64_t> RowRange(int rank, int size) {
  const auto cut = [&](int r) { return r == size ? kNodes : std::min<std::int64_t>(kNodes, r * (kNodes / 2 + 1)); };
  return {cut(rank), cut(rank + 1)};
}

// The same rows of a CSR with the indptr rebased to 0 (indices and values copied).
template <typename Index>
core::Csr<Index> Rows(const core::Csr<Index>& m, std::int64_t begin, std::int64_t end) {
  core::Csr<Index> out;
  out.rows = end - begin;
  out.cols = m.cols;
  for (std::int64_t i = begin; i < end; ++i) out.indptr.push_back(m.indptr[i + 1] - m.indptr[begin]);
  out.indices.assign(m.indices.begin() + m.indptr[begin], m.indices.begin() + m.indptr[end]);
  if (!m.values.empty()) out.values.assign(m.values.begin() + m.indptr[begin], m.values.begin() + m.indptr[end]);
  return out;
}

class CollectiveWriter : public ::testing::TestWithParam<io::FeatureKind> {};

TEST_P(CollectiveWriter, MatchesSerialWriter) {
  const Comm world = Comm::World();
  const auto kind = GetParam();
  const auto g = MakeGraph();
  const auto dir = testing::SharedTempDir("graph_writer");
  const auto tag = std::to_string(static_cast<int>(kind));
  const auto serial = (dir / ("serial" + tag + ".h5")).string(), parallel = (dir / ("parallel" + tag + ".h5")).string();

  io::GraphBlock whole;
  whole.num_nodes = kNodes;
  whole.adjacency = g.adjacency.View();
  whole.features = kind;
  whole.feature_dim = kind == io::FeatureKind::kNone ? 0 : kDim;
  whole.dense = g.dense;
  whole.sparse = g.sparse.View();
  whole.original_ids = g.original;
  whole.has_labels = true;
  whole.labels = g.labels;
  whole.config = "[gen]\nseed = 1\n";
  if (world.rank() == 0) {
    if (kind == io::FeatureKind::kSparse) {
      io::WriteGraphFile(serial, g.adjacency, g.sparse, g.original);  // the prep path, then the extras
      auto file = io::OpenGraphFile(serial, true);
      file.SetAttr("/", "prep_config", whole.config);
      file.Write<std::int32_t>("/nodes/label", g.labels, {static_cast<hsize_t>(kNodes)});
    } else {
      io::WriteGraphFile(serial, whole);
    }
  }

  const auto [begin, end] = RowRange(world.rank(), world.size());
  const auto adjacency = Rows(g.adjacency, begin, end);
  const auto sparse = Rows(g.sparse, begin, end);
  io::GraphBlock block = whole;
  block.row_begin = begin;
  block.adjacency = adjacency.View();
  block.dense = std::span<const float>(g.dense).subspan(static_cast<std::size_t>(begin * kDim),
                                                        static_cast<std::size_t>((end - begin) * kDim));
  block.sparse = sparse.View();
  block.original_ids = std::span<const std::int64_t>(g.original).subspan(static_cast<std::size_t>(begin),
                                                                         static_cast<std::size_t>(end - begin));
  block.labels = std::span<const std::int32_t>(g.labels).subspan(static_cast<std::size_t>(begin),
                                                                 static_cast<std::size_t>(end - begin));
  dist::WriteGraphFile(world, parallel, block);

  if (world.rank() == 0) {
    EXPECT_FALSE(std::filesystem::exists(parallel + ".partial"));
    EXPECT_EQ(testing::H5Difference(serial, parallel), "");
    EXPECT_EQ(testing::ReadH5Objects(parallel).count(kind == io::FeatureKind::kDense ? "features/dense" : "graph/indptr"), 1u);
  }
  world.Barrier();
}

INSTANTIATE_TEST_SUITE_P(Features, CollectiveWriter,
                         ::testing::Values(io::FeatureKind::kNone, io::FeatureKind::kDense, io::FeatureKind::kSparse));

TEST(CollectiveWriter, RefusesBlocksOutOfOrder) {
  const Comm world = Comm::World();
  const auto g = MakeGraph();
  io::GraphBlock block;
  block.num_nodes = kNodes;
  block.row_begin = world.rank() + 1;  // one row per rank, all shifted by one: every rank refuses
  const auto rows = Rows(g.adjacency, 1, 2);
  block.adjacency = rows.View();
  block.original_ids = std::span<const std::int64_t>(g.original).subspan(1, 1);
  const auto bad = (testing::SharedTempDir("graph_writer") / "bad.h5").string();
  EXPECT_THROW(dist::WriteGraphFile(world, bad, block), InternalError);
}

}  // namespace
}  // namespace vgae
