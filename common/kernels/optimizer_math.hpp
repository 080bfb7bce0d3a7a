/// @file optimizer_math.hpp
/// @brief Per-parameter update formulas of momentum, Adam, RMSprop and Adagrad, shared by the CPU
/// and CUDA twins.
///
/// The lecture writes the exponentially weighted averages (指数加权平均) of the gradient with
/// the weight on the *old* value, v ← β·v + (1 − β)·dW, and corrects their bias at step t by
/// dividing by 1 − βᵗ (the caller passes the reciprocals c1 = 1/(1 − β₁ᵗ), c2 = 1/(1 − β₂ᵗ)).
#pragma once

#include "scalar_math.hpp"

namespace dl::math {

using std::sqrt;

/// Momentum (动量): v ← β·v + (1 − β)·dw;  w ← w − α·v.
template <class T>
DL_HD void momentum_step(T& w, T& v, T dw, T lr, T beta) {
    v = beta * v + (T(1) - beta) * dw;
    w = w - lr * v;
}

/// Adam: v ← β₁·v + (1 − β₁)·dw;  s ← β₂·s + (1 − β₂)·dw²;
/// w ← w − α · [(v·c1) / (√(s·c2) + ε) + λ·w].
/// λ is the decoupled weight decay of AdamW (Loshchilov & Hutter 2019): it shrinks w directly
/// instead of adding λ·w to the gradient, so Adam's per-parameter scaling does not weaken it.
/// λ = 0 is plain Adam.
template <class T>
DL_HD void adam_step(T& w, T& v, T& s, T dw, T lr, T beta1, T beta2, T eps, T c1, T c2,
                     T decay) {
    v = beta1 * v + (T(1) - beta1) * dw;
    s = beta2 * s + (T(1) - beta2) * dw * dw;
    const T step = (v * c1) / (sqrt(s * c2) + eps);
    w = w - lr * (decay == T(0) ? step : step + decay * w);
}

/// RMSprop (均方根传播): s ← β·s + (1 − β)·dw²;  w ← w − α · dw / (√s + ε).
/// Dividing by the root of the running mean square gives every parameter its own step size:
/// large where the gradient oscillates, small along a steady slope.
template <class T>
DL_HD void rmsprop_step(T& w, T& s, T dw, T lr, T beta, T eps) {
    s = beta * s + (T(1) - beta) * dw * dw;
    w = w - lr * dw / (sqrt(s) + eps);
}

/// Adagrad (自适应梯度): g ← g + dw²;  w ← w − α · dw / (√g + ε).
/// Lecture 002's w^{t+1} = w^t − η/√(Σ_{i≤t} (g^i)²) · g^t: each parameter's step is divided by
/// the root of the sum of all its squared gradients so far, so steep directions slow down and
/// every step is smaller than the last (RMSprop forgets old gradients instead of summing them).
//! [adagrad_step]
template <class T>
DL_HD void adagrad_step(T& w, T& g, T dw, T lr, T eps) {
    g = g + dw * dw;                    // G ← G + dW²
    w = w - lr * dw / (sqrt(g) + eps);  // W ← W − α·dW/(√G + ε)
}
//! [adagrad_step]

}  // namespace dl::math
