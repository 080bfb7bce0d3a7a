/// @file softmax.hpp
/// @brief Softmax (归一化指数函数) and the fused softmax + cross-entropy (交叉熵) loss.
///
/// For K classes and m samples (columns), with logits Z (K x m):
///
///   A(k, j) = e^{Z(k,j)} / Σ_i e^{Z(i,j)}                                (softmax, per column)
///   L(0, j) = −Σ_k Y(k, j) · log A(k, j)                                  (cross-entropy)
///           = −Σ_k Y(k, j) · (Z(k, j) − max_j − log Σ_i e^{Z(i,j) − max_j}) (log-sum-exp form)
///   dZ(:, j) = A(:, j) − Y(:, j)                          (when Σ_k Y(k, j) = 1, e.g. one-hot)
///
/// Stability: subtracting each column's maximum before exponentiating changes nothing
/// mathematically (the factor e^{−max} cancels) but keeps every exponent ≤ 0, so no e^{z}
/// overflows; log A is computed as (z − max) − log Σ e^{z − max}, never as log of a rounded 0.
/// Logits of ±1000 therefore give finite losses and gradients.
///
/// The 1/m of the cost J = (1/m) Σ_j L(0, j) is not applied here: it goes into dW and db.
///
/// Twins: softmax_cpu.cpp (Eigen), softmax_cuda.cu (a warp, or part of one, per column).
/// Test: tests/kernels/test_softmax.cpp.
#pragma once

#include "dispatch.hpp"

namespace dl {

namespace cpu {
void softmax(const Tensor& Z, Tensor& A);
void softmax_cross_entropy(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ);
}  // namespace cpu
namespace cuda {
void softmax(const Tensor& Z, Tensor& A);
void softmax_cross_entropy(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ);
}  // namespace cuda

/// A = softmax(Z) column by column, stable (subtract each column's max). Z, A: K x m. A may be Z.
inline void softmax(const Tensor& Z, Tensor& A) {
    check_same_device("softmax", {&Z, &A});
    check_same_dtype("softmax", {&Z, &A});
    check_float_dtype("softmax", Z);
    DL_CHECK(Z.rows() >= 1 || Z.cols() == 0, "softmax: Z ", Z.shape().str(),
             " has no classes (expected at least 1 row)");
    DL_CHECK(A.rows() == Z.rows() && A.cols() == Z.cols(), "softmax: A must be ",
             Shape::matrix(Z.rows(), Z.cols()).str(), " like Z, got ", A.shape().str());
    DL_DISPATCH(Z.device(), softmax, Z, A);
}

/// Fused softmax + cross-entropy (交叉熵), per sample j:
///   A(:,j) = softmax(Z(:,j)),  L(0,j) = −Σ_k Y(k,j)·log A(k,j) computed by log-sum-exp
///   (finite for logits of ±1000),  dZ(:,j) = A(:,j) − Y(:,j)   (the 1/m goes into dW and db).
/// Z, Y, A, dZ: K x m (Y one-hot or any distribution); L: 1 x m. dZ may be Z.
inline void softmax_cross_entropy(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L,
                                  Tensor& dZ) {
    const char* op = "softmax_cross_entropy";
    check_same_device(op, {&Z, &Y, &A, &L, &dZ});
    check_same_dtype(op, {&Z, &Y, &A, &L, &dZ});
    check_float_dtype(op, Z);
    DL_CHECK(Z.rows() >= 1 || Z.cols() == 0, op, ": Z ", Z.shape().str(),
             " has no classes (expected at least 1 row)");
    const Shape km = Shape::matrix(Z.rows(), Z.cols());
    DL_CHECK(Y.rows() == Z.rows() && Y.cols() == Z.cols(), op, ": Y must be ", km.str(),
             " like Z, got ", Y.shape().str());
    DL_CHECK(A.rows() == Z.rows() && A.cols() == Z.cols(), op, ": A must be ", km.str(),
             " like Z, got ", A.shape().str());
    DL_CHECK(dZ.rows() == Z.rows() && dZ.cols() == Z.cols(), op, ": dZ must be ", km.str(),
             " like Z, got ", dZ.shape().str());
    DL_CHECK(L.rows() == 1 && L.cols() == Z.cols(), op, ": L must be ",
             Shape::row(Z.cols()).str(), ", got ", L.shape().str());
    DL_DISPATCH(Z.device(), softmax_cross_entropy, Z, Y, A, L, dZ);
}

}  // namespace dl
