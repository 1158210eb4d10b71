#include "core/adam.h"

#include <cmath>

#include "core/error.h"

namespace vgae::core {

Adam::Adam(std::size_t size, AdamConfig config) : config_(config), m_(size, 0.0f), v_(size, 0.0f) {}

void Adam::Step(std::span<float> params, std::span<const float> grad) {
  VGAE_CHECK(params.size() == m_.size() && grad.size() == m_.size());
  ++step_;
  const double t = static_cast<double>(step_);
  const float bias1 = static_cast<float>(1.0 - std::pow(static_cast<double>(config_.beta1), t));
  const float bias2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(static_cast<double>(config_.beta2), t)));
  const float step_size = config_.lr / bias1;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const float g = grad[i];
    m_[i] = config_.beta1 * m_[i] + (1.0f - config_.beta1) * g;
    v_[i] = config_.beta2 * v_[i] + (1.0f - config_.beta2) * g * g;
    const float denom = std::sqrt(v_[i]) / bias2_sqrt + config_.eps;
    params[i] -= step_size * m_[i] / denom;
  }
}

}  // namespace vgae::core
