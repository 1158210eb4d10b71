#include "apps/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace vgae::app {
namespace {

// mpirun (Open MPI) hands its ranks a pseudo-terminal even when its own output is a pipe or a file, so under a
// launcher isatty says nothing about where the lines end up: plain lines there. Read before main(): a
// singleton MPI_Init sets these variables in the process itself.
const bool kUnderLauncher = [] {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"})
    if (std::getenv(v)) return true;
  return false;
}();

}  // namespace

bool LiveTerminal() { return !kUnderLauncher && isatty(fileno(stdout)) != 0; }

std::string BarCells(std::int64_t done, std::int64_t total, int width) {
  const auto filled = total > 0 ? std::clamp<std::int64_t>(width * done / total, 0, width) : width;
  return std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(width - filled), '.');
}

}  // namespace vgae::app
