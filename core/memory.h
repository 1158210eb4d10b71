// Large per-node buffers on transparent huge pages. Rows of Z, H and their gradients are gathered at random
// (Â's neighbours, sampled pairs): with 4 KiB pages nearly every gather of a table larger than the TLB's reach
// (12 MiB on Zen 4) also misses the TLB, and the page walk costs as much as the row. Linux's default THP mode
// ("madvise") backs only ranges a process asks for; these helpers ask, before the buffer is first touched, so the
// page faults themselves allocate 2 MiB pages. They are hints: on a kernel without THP nothing changes.
// Also the cache size the kernels size their work by.
#pragma once

#include <cstddef>

#include "core/types.h"

namespace vgae::core {

// Buffers smaller than this gain nothing (a huge page needs a 2 MiB-aligned 2 MiB span inside the buffer).
inline constexpr std::size_t kHugePageMinBytes = std::size_t{4} << 20;

// Advises huge pages for the pages spanning [p, p + bytes) when bytes >= kHugePageMinBytes. Best effort.
void AdviseHugePages(void* p, std::size_t bytes);

// One core's L2 cache in bytes (sysconf), or 1 MiB when the system does not say.
std::size_t L2CacheBytes();

// m.resize(rows, cols), advising huge pages when the storage was (re)allocated: call it before the first write.
void ResizeRows(RowMatrixXf& m, Eigen::Index rows, Eigen::Index cols);

}  // namespace vgae::core
