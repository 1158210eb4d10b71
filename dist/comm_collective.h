// core::Collective over a communicator: lets block kernels of core/ (the edge split) run on every rank.
#pragma once

#include "core/collective.h"
#include "dist/comm.h"

namespace vgae::dist {

class CommCollective final : public core::Collective {
 public:
  explicit CommCollective(const Comm& comm) : comm_(comm) {}
  void SumInPlace(std::span<std::int64_t> values) const override { comm_.AllreduceSum(values); }
  std::vector<std::int64_t> Gather(std::span<const std::int64_t> mine) const override {
    return comm_.Allgatherv(mine);
  }
  std::int64_t ExclusiveSum(std::int64_t value) const override { return comm_.ExclusiveSum(value); }

 private:
  const Comm& comm_;
};

}  // namespace vgae::dist
