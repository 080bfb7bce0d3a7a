/// @file dropout.hpp
/// @brief Dropout (随机失活): draw a keep-mask from the counter-based generator and apply it
/// (forward), and apply the same mask to the gradient (backward).
///
/// The lecture's inverted dropout for a layer's activations A (n x m), with keep_prob p:
///
///     d = (u < p)           u uniform in [0, 1), one per element       (keep with probability p)
///     A ← A ⊙ d / p         so that E[A ⊙ d / p] = A: nothing to change at test time
///
/// The kernel stores the *scaled* mask D = d·scale (scale = 1/p for inverted dropout, 1 for the
/// textbook form that instead multiplies by p at test time) and computes
///
///     forward:   D = (u < p)·scale,   Y = X ⊙ D
///     backward:  dX = dY ⊙ D         (the same units are dropped from the gradient)
///
/// u comes from Philox (core/philox.hpp) keyed by (seed, step, layer, element index): the same
/// key gives the same mask on the CPU and the GPU, and "u < p" is decided on integers
/// (bits < round(p·2³²)), so no rounding can make the two devices disagree on a unit. A fixed
/// key also makes the mask a fixed function of the input's position, which is what lets a
/// gradient check run through dropout (the lecture's warning is about a mask that changes
/// between the two evaluations of J).
///
/// Twins: dropout_cpu.cpp, dropout_cuda.cu (one thread per group of four elements: one Philox
/// call). Test: tests/kernels/test_dropout.cpp.
///
/// Shapes: X, Y, D (and dY, dX) all have the same number of elements. Y may be X; dX may be dY.
#pragma once

#include "../core/philox.hpp"
#include "dispatch.hpp"

namespace dl {

/// Where a mask's random bits come from: (seed, step, layer); the element index completes it.
struct DropoutKey {
    uint64_t seed = 0;   ///< the run's seed
    uint64_t step = 0;   ///< the training step (a new mask every step)
    uint32_t layer = 0;  ///< which dropout layer (philox_layer_id of its name)
};

namespace cpu {
void dropout_forward(const Tensor& X, Tensor& Y, Tensor& D, double keep_prob, double scale,
                     const DropoutKey& key);
void dropout_backward(const Tensor& dY, const Tensor& D, Tensor& dX);
}  // namespace cpu
namespace cuda {
void dropout_forward(const Tensor& X, Tensor& Y, Tensor& D, double keep_prob, double scale,
                     const DropoutKey& key);
void dropout_backward(const Tensor& dY, const Tensor& D, Tensor& dX);
}  // namespace cuda

/// D = (u < keep_prob)·scale, Y = X ⊙ D; keep_prob in (0, 1], scale > 0 (1/keep_prob for
/// inverted dropout).
inline void dropout_forward(const Tensor& X, Tensor& Y, Tensor& D, double keep_prob,
                            double scale, const DropoutKey& key) {
    check_same_device("dropout_forward", {&X, &Y, &D});
    check_same_dtype("dropout_forward", {&X, &Y, &D});
    check_float_dtype("dropout_forward", X);
    DL_CHECK(Y.numel() == X.numel() && D.numel() == X.numel(), "dropout_forward: X ",
             X.shape().str(), ", Y ", Y.shape().str(), " and D ", D.shape().str(),
             " must have the same number of elements");
    DL_CHECK(keep_prob > 0 && keep_prob <= 1, "dropout_forward: keep_prob must be in (0, 1], got ",
             keep_prob);
    DL_CHECK(scale > 0, "dropout_forward: scale must be > 0, got ", scale);
    DL_DISPATCH(X.device(), dropout_forward, X, Y, D, keep_prob, scale, key);
}

/// dX = dY ⊙ D.
inline void dropout_backward(const Tensor& dY, const Tensor& D, Tensor& dX) {
    check_same_device("dropout_backward", {&dY, &D, &dX});
    check_same_dtype("dropout_backward", {&dY, &D, &dX});
    check_float_dtype("dropout_backward", dY);
    DL_CHECK(D.numel() == dY.numel() && dX.numel() == dY.numel(), "dropout_backward: dY ",
             dY.shape().str(), ", D ", D.shape().str(), " and dX ", dX.shape().str(),
             " must have the same number of elements");
    DL_DISPATCH(dY.device(), dropout_backward, dY, D, dX);
}

}  // namespace dl
