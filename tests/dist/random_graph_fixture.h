// A random graph file shared by the distributed tests: rank 0 writes it (graph, features, split and a random
// partition for the current number of ranks) into a fresh directory; every rank then reads it.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <random>
#include <string>

#include "core/edge_split.h"
#include "core/graph_build.h"
#include "io/graph_file.h"
#include "testing/shared_temp_dir.h"

namespace vgae::testing {

struct RandomGraphSpec {
  std::int64_t nodes = 90;
  std::int64_t edges = 300;
  std::int64_t features = 12;
  double feature_density = 0.3;
  std::uint32_t seed = 7;
};

// Returns the path of the file. Collective over MPI_COMM_WORLD.
inline std::string MakeRandomGraphFile(const RandomGraphSpec& spec, const std::string& tag) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const auto path = (SharedTempDir("dist_test_" + tag) / "graph.h5").string();
  if (rank == 0) {
    std::mt19937_64 rng(spec.seed);
    std::uniform_int_distribution<GlobalId> node(0, spec.nodes - 1);
    std::vector<GlobalId> src, dst;
    for (std::int64_t e = 0; e < spec.edges; ++e) {
      src.push_back(node(rng));
      dst.push_back(node(rng));
    }
    const auto graph = core::BuildSymmetricGraph(spec.nodes, src, dst);
    core::Csr<std::int32_t> x;
    x.rows = spec.nodes;
    x.cols = spec.features;
    std::uniform_real_distribution<float> value(0.1f, 1.0f), coin(0.0f, 1.0f);
    for (std::int64_t i = 0; i < spec.nodes; ++i) {
      for (std::int32_t c = 0; c < spec.features; ++c)
        if (coin(rng) < spec.feature_density) {
          x.indices.push_back(c);
          x.values.push_back(value(rng));
        }
      x.indptr.push_back(static_cast<std::int64_t>(x.indices.size()));
    }
    std::vector<std::int64_t> original(static_cast<std::size_t>(spec.nodes));
    for (std::int64_t i = 0; i < spec.nodes; ++i) original[i] = 1000 + i;
    io::WriteGraphFile(path, graph, x, original);
    auto file = io::OpenGraphFile(path, true);
    const auto split = core::SplitEdges(graph.View(), 0.05, 0.10, spec.seed);
    io::WriteSplit(file, split, core::BuildSymmetricGraph(spec.nodes, split.train), {spec.seed, 0.05, 0.10});
    // A random partition (not METIS): boundaries everywhere, the hardest case for the halo exchange. Every
    // part gets at least one node.
    std::vector<Rank> part(static_cast<std::size_t>(spec.nodes));
    std::uniform_int_distribution<Rank> owner(0, size - 1);
    for (std::int64_t i = 0; i < spec.nodes; ++i) part[i] = i < size ? static_cast<Rank>(i) : owner(rng);
    std::shuffle(part.begin(), part.end(), rng);
    io::WritePartition(file, size, part, {"random", spec.seed, 0, 0, 0, 0});
  }
  MPI_Barrier(MPI_COMM_WORLD);
  return path;
}

}  // namespace vgae::testing
