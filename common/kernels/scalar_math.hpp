/// @file scalar_math.hpp
/// @brief Scalar formulas shared by the CPU and CUDA twins (one definition, both devices).
///
/// Each function is `__host__ __device__` under nvcc and a plain inline function under g++,
/// so the CPU kernel and the CUDA kernel evaluate literally the same expression.
#pragma once

#include <cmath>

#ifdef __CUDACC__
#define DL_HD __host__ __device__ __forceinline__
#else
#define DL_HD inline
#endif

namespace dl::math {

using std::exp;
using std::tanh;

/// Step (阶跃函数): 1 if z >= 0 else 0. The M-P neuron fires when Σ w·x − θ >= 0.
template <class T> DL_HD T step(T z) { return z >= T(0) ? T(1) : T(0); }
/// Sign (符号函数): +1 if z >= 0 else −1.
template <class T> DL_HD T sign(T z) { return z >= T(0) ? T(1) : T(-1); }

/// Sigmoid σ(z) = 1 / (1 + e^{−z}), evaluated without overflow for any z:
/// for z >= 0 as 1 / (1 + e^{−z}); for z < 0 as e^{z} / (1 + e^{z}).
template <class T> DL_HD T sigmoid(T z) {
    if (z >= T(0)) return T(1) / (T(1) + exp(-z));
    const T e = exp(z);
    return e / (T(1) + e);
}
/// σ'(z) = σ(z)(1 − σ(z)).
template <class T> DL_HD T sigmoid_grad(T z) {
    const T s = sigmoid(z);
    return s * (T(1) - s);
}

/// tanh'(z) = 1 − tanh²(z).
template <class T> DL_HD T tanh_grad(T z) {
    const T t = tanh(z);
    return T(1) - t * t;
}

/// ReLU(z) = max(0, z).
template <class T> DL_HD T relu(T z) { return z > T(0) ? z : T(0); }
/// ReLU'(z) = 1 if z > 0 else 0 (the course takes 0 at z = 0).
template <class T> DL_HD T relu_grad(T z) { return z > T(0) ? T(1) : T(0); }

/// Leaky ReLU(z) = z if z > 0 else α·z.
template <class T> DL_HD T leaky_relu(T z, T alpha) { return z > T(0) ? z : alpha * z; }
/// Leaky ReLU'(z) = 1 if z > 0 else α.
template <class T> DL_HD T leaky_relu_grad(T z, T alpha) { return z > T(0) ? T(1) : alpha; }

/// One SGD step on one parameter: w ← w − α·dw.
template <class T> DL_HD T sgd_step(T w, T dw, T lr) { return w - lr * dw; }

}  // namespace dl::math
