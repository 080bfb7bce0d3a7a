/// @file bias.hpp
/// @brief Bias broadcast over columns: Z(:, j) += b for every sample j.
///
/// In Z = W·A + b the bias b is one column (n x 1) and is added to every column of W·A: the
/// lecture's broadcasting, written as a kernel. Twins: bias_cpu.cpp, bias_cuda.cu.
/// Test: tests/kernels/test_elementwise.cpp.
///
/// Shapes: Z is n x m (any rank; its matrix view is used), b is n x 1.
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void add_bias(Tensor& Z, const Tensor& b);
void add_bias_half(Tensor& Z, const Tensor& b);  ///< float16/bfloat16 (half_ops_cpu.cpp)
}  // namespace cpu
namespace cuda {
void add_bias(Tensor& Z, const Tensor& b);
void add_bias_half(Tensor& Z, const Tensor& b);  ///< float16/bfloat16 (half_ops_cuda.cu)
}  // namespace cuda

/// Z(:, j) ← Z(:, j) + b for j = 0 … m−1.
inline void add_bias(Tensor& Z, const Tensor& b) {
    check_same_device("add_bias", {&Z, &b});
    check_same_dtype("add_bias", {&Z, &b});
    check_float_or_half_dtype("add_bias", Z);
    DL_CHECK(b.cols() == 1 && b.rows() == Z.rows(), "add_bias: b must be [", Z.rows(),
             " x 1] for Z ", Z.shape().str(), ", got ", b.shape().str());
    if (is_half(Z.dtype())) return DL_DISPATCH(Z.device(), add_bias_half, Z, b);
    DL_DISPATCH(Z.device(), add_bias, Z, b);
}

}  // namespace dl
