/// @file momentum.hpp
/// @brief Gradient descent with momentum: V ← β·V + (1 − β)·dW, W ← W − α·V.
///
/// V is the exponentially weighted average of the gradients (no bias correction, as in the
/// lecture: after about 1/(1 − β) steps it no longer matters). The per-element formula is
/// math::momentum_step in optimizer_math.hpp. Twins: momentum_cpu.cpp, momentum_cuda.cu.
/// Test: tests/nn/test_kernels_ch04.cpp.
///
/// Shapes: W, dW, V all the same shape (any rank).
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu { void momentum_update(Tensor& W, const Tensor& dW, Tensor& V, double lr, double beta); }
namespace cuda { void momentum_update(Tensor& W, const Tensor& dW, Tensor& V, double lr, double beta); }

/// One momentum step on W, updating the velocity V in place.
inline void momentum_update(Tensor& W, const Tensor& dW, Tensor& V, double lr, double beta) {
    check_same_device("momentum_update", {&W, &dW, &V});
    check_same_dtype("momentum_update", {&W, &dW, &V});
    check_float_dtype("momentum_update", W);
    dW.check_shape(W.shape(), "momentum_update: dW");
    V.check_shape(W.shape(), "momentum_update: V");
    DL_CHECK(beta >= 0.0f && beta < 1.0f, "momentum_update: beta must be in [0, 1), got ", beta);
    DL_DISPATCH(W.device(), momentum_update, W, dW, V, lr, beta);
}

}  // namespace dl
