/// @file axpby.hpp
/// @brief Y ← α·X + β·Y, elementwise: the one linear update the layers and optimizers share.
///
/// The BLAS name: "a x plus b y". The framework uses it wherever two tensors are combined
/// linearly:
///
/// | use                                   | α        | β   |
/// |---------------------------------------|----------|-----|
/// | residual sum y = body(x) + x          | 1        | 1   |
/// | accumulate a gradient dW += g         | 1        | 1   |
/// | the L2 term dW += (λ/m)·W             | λ/m      | 1   |
/// | scale in place (clipping) g ← c·g     | 0        | c   |
/// | copy Y ← X                            | 1        | 0   |
///
/// As in BLAS, α = 0 ignores X and β = 0 ignores Y (even where they hold NaN or ±inf), so a
/// freshly allocated Y can be written with β = 0.
///
/// Twins: axpby_cpu.cpp (Eigen), axpby_cuda.cu. Test: tests/kernels/test_axpby.cpp.
///
/// Shapes: X and Y have the same number of elements (any rank). X may be Y.
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void axpby(double alpha, const Tensor& X, double beta, Tensor& Y);
void axpby_half(double alpha, const Tensor& X, double beta, Tensor& Y);  ///< half_ops_cpu.cpp
}  // namespace cpu
namespace cuda {
void axpby(double alpha, const Tensor& X, double beta, Tensor& Y);
void axpby_half(double alpha, const Tensor& X, double beta, Tensor& Y);  ///< half_ops_cuda.cu
}  // namespace cuda

/// Y ← α·X + β·Y.
inline void axpby(double alpha, const Tensor& X, double beta, Tensor& Y) {
    check_same_device("axpby", {&X, &Y});
    check_same_dtype("axpby", {&X, &Y});
    check_float_or_half_dtype("axpby", Y);
    DL_CHECK(X.numel() == Y.numel(), "axpby: X ", X.shape().str(), " and Y ", Y.shape().str(),
             " must have the same number of elements");
    if (is_half(Y.dtype())) return DL_DISPATCH(Y.device(), axpby_half, alpha, X, beta, Y);
    DL_DISPATCH(Y.device(), axpby, alpha, X, beta, Y);
}

/// Y ← c·Y.
inline void scale(Tensor& Y, double c) { axpby(0.0, Y, c, Y); }

}  // namespace dl
