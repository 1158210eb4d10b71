// GoogleTest main for MPI test binaries: every rank runs every test; only rank 0 prints; the binary fails if
// any rank failed (the verdict is all-reduced, so a failure on rank 3 is not hidden by rank 0's output).
#include <gtest/gtest.h>
#include <mpi.h>

#include <filesystem>
#include <system_error>

#include "testing/shared_temp_dir.h"

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  int any_failed = 0;
  MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (rank == 0 && any_failed && !failed) std::fprintf(stderr, "a test failed on another rank\n");
  // Every rank has left its tests (the all-reduce above), so no file in these directories is still open.
  for (const auto& dir : vgae::testing::DirsRemovedAtExit()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  MPI_Finalize();
  return any_failed;
}
