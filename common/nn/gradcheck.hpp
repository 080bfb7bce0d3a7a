/// @file gradcheck.hpp
/// @brief Gradient checking (梯度检验): the backward pass against two-sided differences.
///
/// For every parameter θᵢ (each entry of every W[l] and b[l]):
///
///     dθ_approx[i] = (J(θ + ε·eᵢ) − J(θ − ε·eᵢ)) / (2ε)          (two-sided: error O(ε²))
///
/// and per layer the relative error
///
///     ‖dθ_approx − dθ‖₂ / (‖dθ_approx‖₂ + ‖dθ‖₂)
///
/// The lecture's reading: below 1e-7 the backward pass is right; around 1e-5 look again; above
/// 1e-3 there is a bug. Run it in float64 (the network built with DType::F64) on a few samples:
/// in float32 the rounding of J alone is about 1e-7 and would hide the answer. Never during
/// training (one J per parameter: far too slow), and not with dropout.
#pragma once

#include <string>
#include <vector>

#include "mlp.hpp"

namespace dl::nn {

struct GradCheckLayer {
    int layer;          ///< l
    int64_t count;      ///< entries of W[l] and b[l]
    double rel_error;   ///< ‖dθ_approx − dθ‖ / (‖dθ_approx‖ + ‖dθ‖) over W[l] and b[l]
};

struct GradCheckResult {
    std::vector<GradCheckLayer> layers;
    double max_rel_error = 0.0;
};

/// The cost J = (1/m) Σ_j L(0, j) of `net` on (X, Y).
double cost(Mlp& net, const Tensor& X, const Tensor& Y);

/// Checks net's backward pass (its current DenseOps) at its current parameters on (X, Y).
/// net must be float64 on the CPU; X (n[0] x m) and Y (K x m) float64 CPU.
GradCheckResult gradient_check(Mlp& net, const Tensor& X, const Tensor& Y, double eps = 1e-6);

}  // namespace dl::nn
