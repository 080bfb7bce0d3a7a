/// @file bce.hpp
/// @brief Binary cross-entropy (二元交叉熵) from logits: the loss of logistic regression.
///
/// Per element, with the logit z = wᵀx + b and the label y ∈ {0, 1} (or any value in [0, 1]):
///
///   A  = σ(z) = 1 / (1 + e^{−z})                         (the prediction ŷ = a)
///   L  = −[y·log a + (1 − y)·log(1 − a)] = softplus(z) − y·z
///   dZ = ∂L/∂z = a − y                                  (the lecture's dz = a − y)
///
/// The loss is computed from z, not from a rounded a: for z = −1000 the float a is exactly 0 and
/// log a would be −∞, while softplus(z) − y·z = 1000·y stays exact (formulas in loss_math.hpp).
/// The cost J = (1/m) Σ L and the 1/m of dw, db are left to the caller.
///
/// Twins: bce_cpu.cpp (Eigen), bce_cuda.cu. Test: tests/kernels/test_bce.cpp.
///
/// Shapes: Z, Y, A, L, dZ all the same (1 x m for one output unit; any shape works).
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void bce_with_logits(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ);
}
namespace cuda {
void bce_with_logits(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ);
}

/// A = σ(Z), L = softplus(Z) − Y⊙Z (the per-sample loss), dZ = A − Y, elementwise.
/// A, L or dZ may be Z (each element is read before it is written).
inline void bce_with_logits(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) {
    const char* op = "bce_with_logits";
    check_same_device(op, {&Z, &Y, &A, &L, &dZ});
    check_same_dtype(op, {&Z, &Y, &A, &L, &dZ});
    check_float_dtype(op, Z);
    Y.check_shape(Z.shape(), "bce_with_logits: Y");
    A.check_shape(Z.shape(), "bce_with_logits: A");
    L.check_shape(Z.shape(), "bce_with_logits: L");
    dZ.check_shape(Z.shape(), "bce_with_logits: dZ");
    DL_DISPATCH(Z.device(), bce_with_logits, Z, Y, A, L, dZ);
}

}  // namespace dl
