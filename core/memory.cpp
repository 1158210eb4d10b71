#include "core/memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace vgae::core {

void AdviseHugePages(void* p, std::size_t bytes) {
  if (p == nullptr || bytes < kHugePageMinBytes) return;
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<std::uintptr_t>(p) & ~(page - 1);
  const auto end = reinterpret_cast<std::uintptr_t>(p) + bytes;
  // A hint: EINVAL (no THP in this kernel) leaves ordinary pages, which are correct, only slower.
  (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

std::size_t L2CacheBytes() {
  static const std::size_t bytes = [] {
    const long reported = sysconf(_SC_LEVEL2_CACHE_SIZE);
    return reported > 0 ? static_cast<std::size_t>(reported) : std::size_t{1} << 20;
  }();
  return bytes;
}

void ResizeRows(RowMatrixXf& m, Eigen::Index rows, Eigen::Index cols) {
  const float* before = m.data();
  m.resize(rows, cols);
  if (m.data() != before) AdviseHugePages(m.data(), static_cast<std::size_t>(m.size()) * sizeof(float));
}

}  // namespace vgae::core
