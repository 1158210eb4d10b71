// Every way vgae_dist reads a graph file, without MPI: the serial stages' OpenGraphFile + ReadGraph +
// ReadTrainGraph, and GraphReader opened with MPI_COMM_NULL (serially) doing a training rank's reads on the
// first few nodes. Shared by the graph_file fuzzer and the regression test of its saved inputs
// (tests/io/fuzz_regressions_test.cpp). Each step may fail only with IoError (PartitionError for a bad part
// vector); those are counted, anything else escapes to the caller.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/format.h"
#include "io/graph_file.h"
#include "io/graph_reader.h"

namespace vgae::fuzz {

// Returns how many steps failed with IoError/PartitionError.
inline int LoadGraphFileEveryWay(const std::string& path) {
  int failures = 0;
  auto attempt = [&](auto&& step) {
    try {
      step();
    } catch (const IoError&) {
      ++failures;
    } catch (const PartitionError&) {
      ++failures;
    }
  };
  attempt([&] {
    const auto file = io::OpenGraphFile(path, /*writable=*/false);
    attempt([&] { io::ReadGraph(file); });
    attempt([&] { io::ReadTrainGraph(file); });
  });
  attempt([&] {
    const io::GraphReader reader(path, MPI_COMM_NULL);
    std::vector<GlobalId> nodes(static_cast<std::size_t>(std::clamp<std::int64_t>(reader.Info().num_nodes, 0, 8)));
    std::iota(nodes.begin(), nodes.end(), 0);
    attempt([&] { reader.ReadPartition(1); });
    attempt([&] { reader.ReadPartition(2); });
    attempt([&] { reader.ReadTrainRows(nodes); });
    attempt([&] { reader.ReadTrainDegrees(nodes); });
    attempt([&] { reader.ReadFeatureRows(nodes); });
    attempt([&] { reader.ReadOriginalIds(nodes); });
    for (const char* pairs : {io::names::kSplitTrain, io::names::kSplitValPos, io::names::kSplitTestNeg})
      attempt([&] { reader.ReadPairs(pairs, 0, std::min<std::int64_t>(reader.NumPairs(pairs), 8)); });
  });
  return failures;
}

}  // namespace vgae::fuzz
