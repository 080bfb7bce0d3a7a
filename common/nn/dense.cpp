/// @file dense.cpp
/// @brief The dense layer's forward and backward passes, on dl::matmul, add_bias, row_sums.
#include "dense.hpp"

#include "../kernels/activation.hpp"
#include "../kernels/bias.hpp"
#include "../kernels/matmul.hpp"
#include "../kernels/reduce.hpp"

namespace dl::nn {

//! [dense_forward]
void dense_forward(const Tensor& W, const Tensor& b, const Tensor& A_prev, Tensor& Z) {
    matmul(W, A_prev, Z);  // Z = W·A_prev        (n[l] x m)
    add_bias(Z, b);        // Z(:, j) += b         (broadcast over the m columns)
}
//! [dense_forward]

//! [dense_backward]
void dense_backward(const Tensor& dZ, const Tensor& A_prev, const Tensor& W, Tensor& dW,
                    Tensor& db, Tensor* dA_prev) {
    const double inv_m = 1.0 / static_cast<double>(dZ.cols());
    matmul(dZ, A_prev, dW, Trans::N, Trans::T, inv_m);  // dW = (1/m)·dZ·A_prevᵀ
    row_sums(dZ, db, inv_m);                            // db = (1/m)·Σ_j dZ(:, j)
    if (dA_prev) matmul(W, dZ, *dA_prev, Trans::T, Trans::N);  // dA_prev = Wᵀ·dZ
}
//! [dense_backward]

void relu_backward(const Tensor& dA, const Tensor& Z, Tensor& dZ) {
    activation_backward(Activation::ReLU, Z, dA, dZ);
}

}  // namespace dl::nn
