#include "bench/stream.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>

#include "core/memory.h"

namespace vgae::bench {
namespace {
double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
}  // namespace

StreamResult MeasureStream(std::int64_t array_bytes, int threads, int reps) {
  const std::int64_t n = array_bytes / static_cast<std::int64_t>(sizeof(double));
  // new[] without value-initialisation: pages are first touched by the parallel loop below, as in STREAM.
  std::unique_ptr<double[]> a(new double[static_cast<std::size_t>(n)]), b(new double[static_cast<std::size_t>(n)]),
      c(new double[static_cast<std::size_t>(n)]);
  double* pa = a.get();
  double* pb = b.get();
  double* pc = c.get();
  // The same page size the kernels get (core/memory.h), so the ratio against them compares like with like.
  for (double* p : {pa, pb, pc}) core::AdviseHugePages(p, static_cast<std::size_t>(n) * sizeof(double));
  omp_set_num_threads(threads);
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    pa[i] = 1.0;
    pb[i] = 2.0;
    pc[i] = 0.0;
  }
  double best_copy = std::numeric_limits<double>::max(), best_triad = best_copy;
  const double scalar = 3.0;
  for (int r = 0; r < reps; ++r) {
    double t = Now();
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) pc[i] = pa[i];
    best_copy = std::min(best_copy, Now() - t);
    t = Now();
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) pa[i] = pb[i] + scalar * pc[i];
    best_triad = std::min(best_triad, Now() - t);
  }
  // Keep the stores observable so the loops cannot be dropped.
  volatile double sink = pa[n / 2] + pc[n / 3];
  (void)sink;
  const double bytes = static_cast<double>(n) * sizeof(double);
  return {threads, n * static_cast<std::int64_t>(sizeof(double)), 2.0 * bytes / best_copy / 1e9,
          3.0 * bytes / best_triad / 1e9};
}

}  // namespace vgae::bench
