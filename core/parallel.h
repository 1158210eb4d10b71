// Threads inside a rank. Work is split into fixed-size chunks whose boundaries never depend on the thread
// count, and every floating-point sum is either owned by one chunk (one output row) or combined across chunks in
// chunk order; so the results are bit-identical for any number of threads.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstdint>

namespace vgae::core {

// Threads used by the kernels of this process (OpenMP's setting; --threads or OMP_NUM_THREADS).
inline int NumThreads() { return omp_get_max_threads(); }
inline void SetNumThreads(int threads) { omp_set_num_threads(std::max(1, threads)); }

// Calls fn(begin, end) for consecutive chunks of [0, n) of `grain` items each, spread over the threads
// (dynamic: rows of power-law graphs differ in cost). Runs inline when there is a single chunk or thread.
template <typename Fn>
void ParallelChunks(std::int64_t n, std::int64_t grain, Fn&& fn) {
  if (n <= 0) return;
  const std::int64_t chunks = (n + grain - 1) / grain;
  if (chunks == 1 || omp_get_max_threads() == 1 || omp_in_parallel()) {
    for (std::int64_t c = 0; c < chunks; ++c) fn(c * grain, std::min(n, (c + 1) * grain));
    return;
  }
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t c = 0; c < chunks; ++c) fn(c * grain, std::min(n, (c + 1) * grain));
}

}  // namespace vgae::core
