/// @file rmsprop.hpp
/// @brief The RMSprop update (均方根传播): S ← β·S + (1 − β)·dW⊙dW, W ← W − α·dW / (√S + ε).
///
/// S is the exponentially weighted average of the squared gradient; dividing by its root damps
/// the directions where the gradient oscillates (large S) and speeds up the ones where it is
/// small and steady. No bias correction (Adam adds it). The per-element formula is
/// math::rmsprop_step in optimizer_math.hpp. Twins: rmsprop_cpu.cpp, rmsprop_cuda.cu.
/// Test: tests/kernels/test_optimizers.cpp.
///
/// Shapes: W, dW, S all the same shape (any rank).
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void rmsprop_update(Tensor& W, const Tensor& dW, Tensor& S, double lr, double beta, double eps);
}
namespace cuda {
void rmsprop_update(Tensor& W, const Tensor& dW, Tensor& S, double lr, double beta, double eps);
}

/// One RMSprop step on W, updating S in place.
inline void rmsprop_update(Tensor& W, const Tensor& dW, Tensor& S, double lr, double beta,
                           double eps) {
    check_same_device("rmsprop_update", {&W, &dW, &S});
    check_same_dtype("rmsprop_update", {&W, &dW, &S});
    check_float_dtype("rmsprop_update", W);
    dW.check_shape(W.shape(), "rmsprop_update: dW");
    S.check_shape(W.shape(), "rmsprop_update: S");
    DL_CHECK(beta >= 0 && beta < 1, "rmsprop_update: β must be in [0, 1), got ", beta);
    DL_DISPATCH(W.device(), rmsprop_update, W, dW, S, lr, beta, eps);
}

}  // namespace dl
