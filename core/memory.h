// Large per-node buffers on transparent huge pages. Rows of Z, H and their gradients are gathered at random
// (Â's neighbours, sampled pairs): with 4 KiB pages nearly every gather of a table larger than the TLB's reach
// (12 MiB on Zen 4) also misses the TLB, and the page walk costs as much as the row. Linux's default THP mode
// ("madvise") backs only ranges a process asks for; these helpers ask, before the buffer is first touched, so the
// page faults themselves allocate 2 MiB pages. They are hints: on a kernel without THP nothing changes.
// Also the cache size the kernels size their work by.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

#include "core/types.h"

namespace vgae::core {

// Storage aligned to a cache line, as Eigen's matrices are. std::vector<float>'s own (malloc's) is 16-byte aligned,
// so a matrix mapped onto it has every 128-byte row of 32 floats across three lines instead of two, and every
// 64-byte vector load or store split between two lines. For the parameters, their gradient and Adam's moments
// (the 10^4-10^6 rows of a featureless W0 are gathered by the first SpMM and written by the last one).
inline constexpr std::size_t kCacheLineBytes = 64;

template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <typename U>
  constexpr CacheLineAllocator(const CacheLineAllocator<U>& /*other*/) noexcept {}  // NOLINT(google-explicit-constructor)
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{kCacheLineBytes}));
  }
  void deallocate(T* p, std::size_t n) noexcept { ::operator delete(p, n * sizeof(T), std::align_val_t{kCacheLineBytes}); }
  template <typename U>
  bool operator==(const CacheLineAllocator<U>& /*other*/) const noexcept {
    return true;
  }
};

template <typename T>
using AlignedVector = std::vector<T, CacheLineAllocator<T>>;

// Buffers smaller than this gain nothing (a huge page needs a 2 MiB-aligned 2 MiB span inside the buffer).
inline constexpr std::size_t kHugePageMinBytes = std::size_t{4} << 20;

// Advises huge pages for the pages spanning [p, p + bytes) when bytes >= kHugePageMinBytes. Best effort.
void AdviseHugePages(void* p, std::size_t bytes);

// One core's L2 cache in bytes (sysconf), or 1 MiB when the system does not say.
std::size_t L2CacheBytes();

// m.resize(rows, cols), advising huge pages when the storage was (re)allocated: call it before the first write.
void ResizeRows(RowMatrixXf& m, Eigen::Index rows, Eigen::Index cols);

}  // namespace vgae::core
