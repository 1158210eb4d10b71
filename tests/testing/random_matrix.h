// Seeded random dense matrices for the serial unit tests (entries uniform in [-1, 1)).
#pragma once

#include <random>

#include "core/types.h"

namespace vgae::testing {

inline RowMatrixXf RandomMatrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  RowMatrixXf m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = value(rng);
  return m;
}

}  // namespace vgae::testing
