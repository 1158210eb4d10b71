// Adam (Kingma & Ba) with PyTorch's update order and bias correction, over a flat parameter vector. Every rank
// holds the same state and applies the same all-reduced gradient, so parameters stay identical everywhere.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/memory.h"

namespace vgae::core {

struct AdamConfig {
  float lr = 0.01f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
};

class Adam {
 public:
  Adam(std::size_t size, AdamConfig config);
  void Step(std::span<float> params, std::span<const float> grad);

  std::int64_t StepCount() const { return step_; }
  std::span<float> FirstMoment() { return m_; }
  std::span<float> SecondMoment() { return v_; }
  void SetStepCount(std::int64_t step) { step_ = step; }

 private:
  AdamConfig config_;
  std::int64_t step_ = 0;
  AlignedVector<float> m_, v_;
};

}  // namespace vgae::core
