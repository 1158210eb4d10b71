// A temporary directory shared by every rank of an MPI test binary, removed by the MPI test main
// (tests/mpi_main.cpp) once every rank has finished: each run names it after its process, so it would otherwise
// pile up under the system temp dir.
#pragma once

#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace vgae::testing {

// The directories SharedTempDir made in this process (rank 0 only).
inline std::vector<std::filesystem::path>& DirsRemovedAtExit() {
  static std::vector<std::filesystem::path> dirs;
  return dirs;
}

// <temp>/vgae_<name>_<ranks>_<parent pid>, created by rank 0. Collective over MPI_COMM_WORLD.
inline std::filesystem::path SharedTempDir(const std::string& name) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("vgae_" + name + "_" + std::to_string(size) + "_" + std::to_string(getppid()));
  if (rank == 0) {
    std::filesystem::create_directories(dir);
    auto& dirs = DirsRemovedAtExit();
    if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  return dir;
}

}  // namespace vgae::testing
