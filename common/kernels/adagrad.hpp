/// @file adagrad.hpp
/// @brief The Adagrad update (自适应梯度): G ← G + dW⊙dW, W ← W − α·dW / (√G + ε).
///
/// Lecture 002's adaptive learning rate: every parameter divides its step by the root of the
/// sum of *all* its squared gradients so far,
///
///     w^{t+1} = w^t − η / √(Σ_{i=0..t} (g^i)²) · g^t,
///
/// so a parameter with large gradients takes small steps and one with small gradients large
/// ones, and every step shrinks over time (a built-in learning-rate decay). RMSprop replaces
/// the sum by an exponentially weighted average so the steps stop shrinking. ε keeps the
/// first steps finite where G is still 0. The per-element formula is math::adagrad_step in
/// optimizer_math.hpp. Twins: adagrad_cpu.cpp, adagrad_cuda.cu. Test:
/// tests/kernels/test_adagrad.cpp.
///
/// Shapes: W, dW, G all the same shape (any rank).
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void adagrad_update(Tensor& W, const Tensor& dW, Tensor& G, double lr, double eps);
}
namespace cuda {
void adagrad_update(Tensor& W, const Tensor& dW, Tensor& G, double lr, double eps);
}

/// One Adagrad step on W, adding dW² to the running sum G in place.
inline void adagrad_update(Tensor& W, const Tensor& dW, Tensor& G, double lr, double eps) {
    check_same_device("adagrad_update", {&W, &dW, &G});
    check_same_dtype("adagrad_update", {&W, &dW, &G});
    check_float_dtype("adagrad_update", W);
    dW.check_shape(W.shape(), "adagrad_update: dW");
    G.check_shape(W.shape(), "adagrad_update: G");
    DL_CHECK(eps >= 0, "adagrad_update: ε must be >= 0, got ", eps);
    DL_DISPATCH(W.device(), adagrad_update, W, dW, G, lr, eps);
}

}  // namespace dl
