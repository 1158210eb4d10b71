// A STREAM-style memory bandwidth measurement (McCalpin's copy and triad kernels), taken in the same process
// and run as the kernels it is compared with, so "fraction of memory bandwidth" is measured, not looked up.
// Byte counts follow STREAM: copy moves 2 words per element, triad 3 (write-allocate traffic is not counted).
#pragma once

#include <cstdint>

namespace vgae::bench {

struct StreamResult {
  int threads = 1;
  std::int64_t array_bytes = 0;  // bytes of each of the three arrays
  double copy_gbs = 0;           // best over the repetitions, 1e9 bytes per second
  double triad_gbs = 0;
};

// Three arrays of array_bytes each, first touched by the threads that use them; best of `reps`.
StreamResult MeasureStream(std::int64_t array_bytes, int threads, int reps);

}  // namespace vgae::bench
