#include "core/radix_sort.h"

#include <algorithm>
#include <array>
#include <thread>

namespace vgae::core {
namespace {
constexpr int kDigitBits = 11;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
using Histogram = std::array<std::size_t, kBuckets>;

// Runs f(t) for t in [0, threads): t = 0 on the calling thread.
template <typename F>
void ForEachThread(int threads, F&& f) {
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(f, t);
  f(0);
  for (auto& th : pool) th.join();
}
}  // namespace

void RadixSort(KeyVector& keys, int bits, int threads) {
  const std::size_t n = keys.size();
  threads = std::max(1, std::min<int>(threads, static_cast<int>(n / (std::size_t{1} << 16)) + 1));
  if (n < 2 || bits <= 0) return;
  KeyVector scratch(n);
  std::vector<Histogram> counts(static_cast<std::size_t>(threads));
  const auto slice = [&](int t) { return std::pair{n * t / threads, n * (t + 1) / threads}; };
  for (int shift = 0; shift < bits; shift += kDigitBits) {
    ForEachThread(threads, [&](int t) {
      auto& h = counts[t];
      h.fill(0);
      const auto [b, e] = slice(t);
      for (std::size_t i = b; i < e; ++i) ++h[(keys[i] >> shift) & (kBuckets - 1)];
    });
    // Offsets: digit-major, thread-minor (stable). A digit shared by every key needs no pass.
    std::size_t total = 0;
    bool trivial = false;
    for (std::size_t d = 0; d < kBuckets; ++d) {
      std::size_t in_digit = 0;
      for (int t = 0; t < threads; ++t) {
        const std::size_t c = counts[t][d];
        counts[t][d] = total;
        total += c;
        in_digit += c;
      }
      trivial |= in_digit == n;
    }
    if (trivial) continue;
    ForEachThread(threads, [&](int t) {
      auto& offset = counts[t];
      const auto [b, e] = slice(t);
      for (std::size_t i = b; i < e; ++i) scratch[offset[(keys[i] >> shift) & (kBuckets - 1)]++] = keys[i];
    });
    keys.swap(scratch);
  }
}

}  // namespace vgae::core
