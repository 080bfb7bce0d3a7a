/// @file adam.hpp
/// @brief The Adam update (momentum plus RMSprop, with bias correction), in one pass.
///
/// At step t = 1, 2, …, for every parameter W with gradient dW and its two moment buffers:
///
///     V ← β₁·V + (1 − β₁)·dW             (first moment, as momentum)
///     S ← β₂·S + (1 − β₂)·dW ⊙ dW        (second moment, as RMSprop)
///     W ← W − α · V̂ / (√Ŝ + ε),   V̂ = V / (1 − β₁ᵗ),  Ŝ = S / (1 − β₂ᵗ)
///
/// With AdamParams::weight_decay λ > 0 the update is AdamW's, W ← W − α·(V̂/(√Ŝ + ε) + λ·W).
///
/// The per-element formula is math::adam_step in optimizer_math.hpp (the CUDA twin calls it;
/// the CPU twin writes the same lines as Eigen array expressions). Twins: adam_cpu.cpp,
/// adam_cuda.cu. Test: tests/nn/test_kernels_ch04.cpp.
///
/// Shapes: W, dW, V, S all the same shape (any rank).
#pragma once

#include <cmath>

#include "dispatch.hpp"

namespace dl {

/// Adam's hyperparameters (the lecture's defaults).
struct AdamParams {
    double lr = 0.001;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weight_decay = 0.0;  ///< λ of AdamW's decoupled weight decay (0: plain Adam)
};

namespace cpu {
void adam_update(Tensor& W, const Tensor& dW, Tensor& V, Tensor& S, const AdamParams& p,
                 double c1, double c2);
}
namespace cuda {
void adam_update(Tensor& W, const Tensor& dW, Tensor& V, Tensor& S, const AdamParams& p,
                 double c1, double c2);
}

/// One Adam step number `t` (counted from 1) on W, updating V and S in place.
inline void adam_update(Tensor& W, const Tensor& dW, Tensor& V, Tensor& S, const AdamParams& p,
                        int64_t t) {
    check_same_device("adam_update", {&W, &dW, &V, &S});
    check_same_dtype("adam_update", {&W, &dW, &V, &S});
    check_float_dtype("adam_update", W);
    dW.check_shape(W.shape(), "adam_update: dW");
    V.check_shape(W.shape(), "adam_update: V");
    S.check_shape(W.shape(), "adam_update: S");
    DL_CHECK(t >= 1, "adam_update: the step number t counts from 1, got ", t);
    const double c1 = 1.0 / (1.0 - std::pow(p.beta1, double(t)));
    const double c2 = 1.0 / (1.0 - std::pow(p.beta2, double(t)));
    DL_DISPATCH(W.device(), adam_update, W, dW, V, S, p, c1, c2);
}

}  // namespace dl
