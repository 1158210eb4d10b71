// core/memory: a large matrix sized by ResizeRows is backed by transparent huge pages once touched (when the
// kernel offers THP at all); resizing to the same shape keeps the buffer; the L2 size is plausible; the
// parameters, Adam's moments and AlignedVector start on a cache line.
#include "core/memory.h"

#include <gtest/gtest.h>

#include "core/adam.h"
#include "core/encoder.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace vgae::core {
namespace {

// THP mode from sysfs: "always", "madvise" or "never" (the bracketed word); empty when the kernel has none.
std::string ThpMode() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string all;
  std::getline(in, all);
  const auto open = all.find('['), close = all.find(']');
  return open == std::string::npos || close == std::string::npos ? "" : all.substr(open + 1, close - open - 1);
}

// AnonHugePages (kB) of the mapping of /proc/self/smaps that contains p.
std::int64_t HugePagesKbAround(const void* p) {
  const auto addr = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream in("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    std::uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream header(line);
    if (header >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = addr >= lo && addr < hi;
      continue;
    }
    if (inside && line.rfind("AnonHugePages:", 0) == 0) return std::stoll(line.substr(14));
  }
  return -1;
}

TEST(Memory, LargeRowsGetHugePages) {
  const std::string mode = ThpMode();
  if (mode != "madvise" && mode != "always") GTEST_SKIP() << "this kernel offers no transparent huge pages";
  RowMatrixXf m;
  ResizeRows(m, 1 << 18, 32);  // 32 MiB
  m.setConstant(1.0f);         // first touch: the faults allocate the pages
  EXPECT_GE(HugePagesKbAround(m.data()), 2048) << "THP mode " << mode;
  EXPECT_EQ(m.sum(), static_cast<float>(m.size()));
}

TEST(Memory, ResizeToTheSameShapeKeepsTheBuffer) {
  RowMatrixXf m;
  ResizeRows(m, 1000, 16);
  const float* before = m.data();
  ResizeRows(m, 1000, 16);
  EXPECT_EQ(m.data(), before);
  ResizeRows(m, 2000, 16);
  EXPECT_EQ(m.rows(), 2000);
  EXPECT_EQ(m.cols(), 16);
}

bool OnCacheLine(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % kCacheLineBytes == 0; }

// malloc's large blocks (mmap'd, here >= 1 MiB) sit 16 bytes past a page boundary, so a plain std::vector fails this.
TEST(Memory, ParametersAndMomentsStartOnACacheLine) {
  for (const std::int64_t features : {std::int64_t{3}, std::int64_t{19717}}) {
    const EncoderShape shape{features, 32, 16, true};
    Parameters params(shape);
    EXPECT_TRUE(OnCacheLine(params.Flat().data())) << features;
    EXPECT_TRUE(OnCacheLine(params.W0().data())) << features;
    EXPECT_TRUE(OnCacheLine(params.W0().row(features - 1).data())) << features;  // 128-byte rows
    Adam adam(params.Flat().size(), AdamConfig{});
    EXPECT_TRUE(OnCacheLine(adam.FirstMoment().data())) << features;
    EXPECT_TRUE(OnCacheLine(adam.SecondMoment().data())) << features;
  }
  for (const std::size_t n : {std::size_t{1}, std::size_t{17}, std::size_t{1} << 18, std::size_t{3} << 20}) {
    AlignedVector<float> v(n, 1.0f);
    EXPECT_TRUE(OnCacheLine(v.data())) << n;
    v.resize(2 * n + 1);  // reallocates
    EXPECT_TRUE(OnCacheLine(v.data())) << n;
    EXPECT_EQ(v[0], 1.0f);
  }
}

TEST(Memory, L2CacheIsPlausible) {
  EXPECT_GE(L2CacheBytes(), std::size_t{64} << 10);
  EXPECT_LE(L2CacheBytes(), std::size_t{1} << 30);
}

}  // namespace
}  // namespace vgae::core
