// LSD radix sort of 64-bit keys (the packed (u, v) pairs of the graph build): 11-bit digits over the low
// `bits` bits only, one scratch array of the same size. Threads split the keys into contiguous slices that
// count and scatter their own digits at offsets fixed in advance, so the result is the same (stably sorted)
// for any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace vgae::core {

// An allocator whose resize leaves new elements uninitialised: big key arrays are written before they are
// read, and pages that are never touched are never resident.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  using std::allocator<T>::allocator;
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using KeyVector = std::vector<std::uint64_t, DefaultInitAllocator<std::uint64_t>>;

// Sorts keys ascending; every key must be below 2^bits (0 <= bits <= 64).
void RadixSort(KeyVector& keys, int bits, int threads = 1);

}  // namespace vgae::core
