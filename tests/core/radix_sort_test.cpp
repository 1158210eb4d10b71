// The graph build's radix sort against std::sort, for key widths that need one, several or a partial last
// digit, and for several thread counts (which must not change the result).
#include "core/radix_sort.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/rng.h"

namespace vgae::core {
namespace {

TEST(RadixSort, MatchesStdSortForAnyWidthAndThreadCount) {
  for (const int bits : {1, 11, 23, 40, 64}) {
    KeyVector keys(300'000);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const auto r = Philox(7, Stream::kInit, i, static_cast<std::uint64_t>(bits));
      const std::uint64_t x = (std::uint64_t{r[0]} << 32) | r[1];
      keys[i] = bits == 64 ? x : x & ((std::uint64_t{1} << bits) - 1);
    }
    KeyVector expected = keys;
    std::sort(expected.begin(), expected.end());
    for (const int threads : {1, 2, 3}) {
      KeyVector sorted = keys;
      RadixSort(sorted, bits, threads);
      EXPECT_TRUE(sorted == expected) << bits << " bits, " << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace vgae::core
