/// @file loss_math.hpp
/// @brief Scalar formulas of the losses (损失函数), shared by the CPU and CUDA twins.
///
/// The numerically stable forms live here once, `__host__ __device__` under nvcc (DL_HD from
/// scalar_math.hpp), so softmax_cpu.cpp and softmax_cuda.cu, bce_cpu.cpp and bce_cuda.cu
/// evaluate literally the same expressions.
///
/// Why stable forms: in float32, e^{89} is already infinite and log(0) is −∞. Computing
/// σ(z) and then log σ(z) loses everything for z = −1000 (σ rounds to 0). Written in terms of the
/// logit z instead, every quantity stays finite for any finite z.
#pragma once

#include <cmath>

#include "scalar_math.hpp"

namespace dl::math {

using std::abs;
using std::log;
using std::log1p;

/// softplus(z) = log(1 + e^{z}) without overflow: max(z, 0) + log(1 + e^{−|z|}).
template <class T> DL_HD T softplus(T z) {
    return (z > T(0) ? z : T(0)) + log1p(exp(-abs(z)));
}

/// Binary cross-entropy (二元交叉熵) from the logit z = wᵀx + b, with ŷ = σ(z):
///   L = −[y·log ŷ + (1 − y)·log(1 − ŷ)].
/// Since log σ(z) = −softplus(−z) and log(1 − σ(z)) = −softplus(z), and
/// softplus(z) − softplus(−z) = z, this is L = softplus(z) − y·z, finite for any z.
template <class T> DL_HD T bce_from_logit(T z, T y) { return softplus(z) - y * z; }

/// dL/dz of the binary cross-entropy: σ(z) − y (the lecture's dz = a − y).
template <class T> DL_HD T bce_grad_from_logit(T z, T y) { return sigmoid(z) - y; }

}  // namespace dl::math
