#include "core/adam.h"

#include <cmath>

#include "core/error.h"
#include "core/parallel.h"

namespace vgae::core {

Adam::Adam(std::size_t size, AdamConfig config) : config_(config), m_(size, 0.0f), v_(size, 0.0f) {}

void Adam::Step(std::span<float> params, std::span<const float> grad) {
  VGAE_CHECK(params.size() == m_.size() && grad.size() == m_.size());
  ++step_;
  const double t = static_cast<double>(step_);
  const float bias1 = static_cast<float>(1.0 - std::pow(static_cast<double>(config_.beta1), t));
  const float bias2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(static_cast<double>(config_.beta2), t)));
  const float step_size = config_.lr / bias1;
  const float b1 = config_.beta1, b2 = config_.beta2, eps = config_.eps;
  float* m = m_.data();
  float* v = v_.data();
  float* p = params.data();
  const float* gr = grad.data();
  // Element-wise: threads split the vector, every element is updated the same way.
  ParallelChunks(static_cast<std::int64_t>(params.size()), 1 << 14, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) {
      const float g = gr[i];
      m[i] = b1 * m[i] + (1.0f - b1) * g;
      v[i] = b2 * v[i] + (1.0f - b2) * g * g;
      const float denom = std::sqrt(v[i]) / bias2_sqrt + eps;
      p[i] -= step_size * m[i] / denom;
    }
  });
}

}  // namespace vgae::core
