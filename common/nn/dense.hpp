/// @file dense.hpp
/// @brief The dense (fully connected, 全连接) layer: forward Z = W·A_prev + b, and its backward.
///
/// For layer l with n[l] units, the previous layer's activations A_prev (n[l−1] x m) and
/// W (n[l] x n[l−1]), b (n[l] x 1):
///
///     forward:   Z = W·A_prev + b                                  (n[l] x m)
///     backward:  dW = (1/m)·dZ·A_prevᵀ                             (n[l] x n[l−1])
///                db = (1/m)·Σ_j dZ(:, j)                           (n[l] x 1)
///                dA_prev = Wᵀ·dZ                                   (n[l−1] x m)
///
/// where dZ = ∂J/∂Z · m is the per-sample gradient (the lecture's dZ = A − Y at a softmax or
/// sigmoid output) and J = (1/m) Σ_j L(j) is the cost. The products use dl::matmul with
/// transposed operands, so no transpose is ever copied.
///
/// A model calls these through DenseOps, so the chapter program can run on the student's own
/// implementations (the exercises of chapter 4) instead.
#pragma once

#include "../core/tensor.hpp"

namespace dl::nn {

/// Z = W·A_prev + b.
void dense_forward(const Tensor& W, const Tensor& b, const Tensor& A_prev, Tensor& Z);

/// dW = (1/m)·dZ·A_prevᵀ, db = (1/m)·Σ_j dZ(:, j), and dA_prev = Wᵀ·dZ unless dA_prev is
/// nullptr (the first layer: nothing needs the gradient of the input).
void dense_backward(const Tensor& dZ, const Tensor& A_prev, const Tensor& W, Tensor& dW,
                    Tensor& db, Tensor* dA_prev);

/// dZ = dA ⊙ 1[Z > 0], the ReLU backward pass (dl::activation_backward with ReLU).
void relu_backward(const Tensor& dA, const Tensor& Z, Tensor& dZ);

/// The functions a network uses for its layers; by default the ones above.
struct DenseOps {
    void (*forward)(const Tensor& W, const Tensor& b, const Tensor& A_prev, Tensor& Z) =
        &dense_forward;
    void (*backward)(const Tensor& dZ, const Tensor& A_prev, const Tensor& W, Tensor& dW,
                     Tensor& db, Tensor* dA_prev) = &dense_backward;
    /// Used for ReLU hidden layers (other activations use dl::activation_backward).
    void (*relu_backward)(const Tensor& dA, const Tensor& Z, Tensor& dZ) = &nn::relu_backward;
};

}  // namespace dl::nn
