// What a kernel that works on one block of rows needs from the kernels on the other blocks: sums, gathers and
// prefix sums of int64 values. dist::CommCollective provides them over MPI; SoloCollective is the one-block
// case, so the same kernel runs in a single process without MPI and gives the same answer for any block count.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vgae::core {

class Collective {
 public:
  virtual ~Collective() = default;
  virtual void SumInPlace(std::span<std::int64_t> values) const = 0;  // element-wise over all blocks
  // Every block's values concatenated in block order.
  virtual std::vector<std::int64_t> Gather(std::span<const std::int64_t> mine) const = 0;
  // Sum of the values of the blocks before this one (0 for the first).
  virtual std::int64_t ExclusiveSum(std::int64_t value) const = 0;
  std::int64_t Sum(std::int64_t value) const {
    SumInPlace(std::span<std::int64_t>(&value, 1));
    return value;
  }
};

// Where a block's `count` entries go in a dataset that holds every block's entries in block order.
struct Slice {
  std::int64_t begin = 0, total = 0;
};
inline Slice PlaceBlock(std::int64_t count, const Collective& peers) {
  return {peers.ExclusiveSum(count), peers.Sum(count)};
}
// Whether this is the last block (it writes the closing entry of an indptr).
inline bool LastBlock(const Collective& peers) { return peers.ExclusiveSum(1) == peers.Sum(1) - 1; }

class SoloCollective final : public Collective {
 public:
  void SumInPlace(std::span<std::int64_t>) const override {}
  std::vector<std::int64_t> Gather(std::span<const std::int64_t> mine) const override {
    return {mine.begin(), mine.end()};
  }
  std::int64_t ExclusiveSum(std::int64_t) const override { return 0; }
};

}  // namespace vgae::core
