/// @file dot.hpp
/// @brief Dot product and full sum: one number from a whole tensor (a full reduction).
///
///   dot(a, b) = Σ_i a_i · b_i        (numpy: np.dot(a.ravel(), b.ravel()))
///   sum_all(X) = Σ_i X_i             (numpy: X.sum())
///
/// The lecture times the 1,000,000-element dot product as an explicit loop and vectorized:
/// chapter 3 calls this kernel for the vectorized and GPU versions.
///
/// Summation order: float addition is not associative, so the loop (left to right), Eigen (SIMD
/// lanes and partial sums, then combined) and the GPU (a tree over thousands of threads) round
/// differently and agree only to about 1e-6 · √n · Σ|a_i b_i| relative to the sum; in float32
/// the results differ in the last digits, never more (tests use rel ≤ 1e-4).
///
/// Twins: dot_cpu.cpp (Eigen), dot_cuda.cu (grid-stride partial sums, then a tree reduction in
/// shared memory, two launches, no atomics so the result is the same on every run).
/// Test: tests/kernels/test_dot.cpp.
///
/// Shapes: a and b the same (any), out 1 x 1 on the same device.
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void dot(const Tensor& a, const Tensor& b, Tensor& out);
void sum_all(const Tensor& X, Tensor& out);
}  // namespace cpu
namespace cuda {
void dot(const Tensor& a, const Tensor& b, Tensor& out);
void sum_all(const Tensor& X, Tensor& out);
}  // namespace cuda

/// out (1 x 1) = Σ_i a_i · b_i over all elements of a and b (same shape).
inline void dot(const Tensor& a, const Tensor& b, Tensor& out) {
    check_same_device("dot", {&a, &b, &out});
    check_same_dtype("dot", {&a, &b, &out});
    check_float_dtype("dot", a);
    b.check_shape(a.shape(), "dot: b");
    out.check_shape(Shape::matrix(1, 1), "dot: out");
    DL_DISPATCH(a.device(), dot, a, b, out);
}

/// out (1 x 1) = Σ_i X_i over all elements.
inline void sum_all(const Tensor& X, Tensor& out) {
    check_same_device("sum_all", {&X, &out});
    check_same_dtype("sum_all", {&X, &out});
    check_float_dtype("sum_all", X);
    out.check_shape(Shape::matrix(1, 1), "sum_all: out");
    DL_DISPATCH(X.device(), sum_all, X, out);
}

/// The dot product as a double (runs the kernel into a 1 x 1 tensor and reads it back).
inline double dot_value(const Tensor& a, const Tensor& b) {
    Tensor out(Shape::matrix(1, 1), a.dtype(), a.device());
    dot(a, b, out);
    return out.at(0, 0);
}

}  // namespace dl
