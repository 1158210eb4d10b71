// The bundled Cora graph's edge list (data/cora/edges.txt: '#' comment lines, then "u v" per undirected edge),
// for the serial unit tests that need real data. Fails the calling test if the file is missing or unreadable.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/types.h"

namespace vgae::testing {

inline constexpr std::int64_t kCoraNodes = 2708;

inline std::vector<std::pair<GlobalId, GlobalId>> CoraEdges() {
  const std::string path = std::string(VGAE_DATA_DIR) + "/cora/edges.txt";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::pair<GlobalId, GlobalId>> edges;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    GlobalId u = 0, v = 0;
    EXPECT_TRUE(static_cast<bool>(std::istringstream(line) >> u >> v)) << path << ": " << line;
    edges.emplace_back(u, v);
  }
  return edges;
}

}  // namespace vgae::testing
