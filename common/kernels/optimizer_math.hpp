/// @file optimizer_math.hpp
/// @brief Per-parameter update formulas of momentum and Adam, shared by the CPU and CUDA twins.
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
/// w ← w − α · (v·c1) / (√(s·c2) + ε).
template <class T>
DL_HD void adam_step(T& w, T& v, T& s, T dw, T lr, T beta1, T beta2, T eps, T c1, T c2) {
    v = beta1 * v + (T(1) - beta1) * dw;
    s = beta2 * s + (T(1) - beta2) * dw * dw;
    w = w - lr * (v * c1) / (sqrt(s * c2) + eps);
}

}  // namespace dl::math
