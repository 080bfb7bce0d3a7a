/// @file sgd.hpp
/// @brief The gradient-descent update W ← W − α·dW.
///
/// Twins: sgd_cpu.cpp, sgd_cuda.cu; the per-element formula is math::sgd_step in
/// scalar_math.hpp. Test: tests/kernels/test_elementwise.cpp.
///
/// Shapes: W and dW have the same shape (any rank).
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu { void sgd_update(Tensor& W, const Tensor& dW, double lr); }
namespace cuda { void sgd_update(Tensor& W, const Tensor& dW, double lr); }

/// W ← W − lr·dW, elementwise.
inline void sgd_update(Tensor& W, const Tensor& dW, double lr) {
    check_same_device("sgd_update", {&W, &dW});
    check_same_dtype("sgd_update", {&W, &dW});
    check_float_dtype("sgd_update", W);
    dW.check_shape(W.shape(), "sgd_update: dW");
    DL_DISPATCH(W.device(), sgd_update, W, dW, lr);
}

}  // namespace dl
