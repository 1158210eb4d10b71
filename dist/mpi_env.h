// Process-wide MPI lifetime and the abort path. main() owns one MpiEnvironment; when a rank fails it calls
// AbortAll so that no other rank is left waiting in a collective.
#pragma once

#include <string>

namespace vgae::dist {

class MpiEnvironment {
 public:
  MpiEnvironment(int* argc, char*** argv);
  ~MpiEnvironment();
  MpiEnvironment(const MpiEnvironment&) = delete;
  MpiEnvironment& operator=(const MpiEnvironment&) = delete;
  int Rank() const { return rank_; }
  int Size() const { return size_; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

// This process's rank as its launcher (mpirun, srun) announces it in the environment, without initialising
// MPI; 0 when not launched by one.
int LauncherRank();
// The number of processes the launcher started (1 when not launched by one): whether a parallel stage needs MPI.
int LauncherSize();

// Ends every rank of MPI_COMM_WORLD with the given exit code (MPI_Abort when there are several ranks).
[[noreturn]] void AbortAll(int code);

}  // namespace vgae::dist
