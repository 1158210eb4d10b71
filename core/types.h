// Domain types shared by every layer: node-id kinds that must not mix silently, and the row-major matrix
// type that holds one node per row (rows pack contiguously for halo messages and HDF5 hyperslabs).
#pragma once

#include <Eigen/Dense>
#include <cstdint>

namespace vgae {

using Rank = int;
using GlobalId = std::int64_t;  // node id in /graph order, 0..N-1
using LocalId = std::int32_t;   // row of a rank's local operator: owned rows first, then halo rows

using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatRef = Eigen::Ref<RowMatrixXf>;
using ConstMatRef = const Eigen::Ref<const RowMatrixXf>&;

}  // namespace vgae
