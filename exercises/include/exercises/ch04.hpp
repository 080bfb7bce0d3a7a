/// @file ch04.hpp
/// @brief Chapter 4 exercises: the dense layer, ReLU's backward pass, He initialisation and
/// the two-sided gradient check.
///
/// Each function is written twice: your version in exercises/ch04/<name>.cpp (a stub until you
/// fill it in) and the reference in solutions/ch04/<name>.cpp. The chapter program ch04_mlp
/// links the reference where solutions/ch04 has it (in a copy without it, your files);
/// ch04_mlp_mine always runs the same program — the deep network on the digits or Fashion-MNIST
/// included — on yours. Each says which at start-up ("Exercises: ..."). The graded tests in
/// exercises/graded/ch04/ check yours with hand-computed values and gradient checks:
/// `./course grade 4`, or `./course grade ch04.<name>`. When you are stuck,
/// `./course hint ch04.<name>` prints the steps.
///
/// Conventions (as in the lecture): samples are columns. A layer l has W (n[l] x n[l−1]),
/// b (n[l] x 1); its input A_prev is n[l−1] x m. The functions take dl::Tensor so that the same
/// code runs on the CPU and on the GPU: build them from the course's kernels, which work on
/// either device —
///
///     dl::matmul(A, B, C, ta, tb, alpha, beta)   C = alpha·op(A)·op(B) + beta·C  (kernels/matmul.hpp)
///     dl::add_bias(Z, b)                         Z(:, j) += b                     (kernels/bias.hpp)
///     dl::row_sums(X, out, scale)                out = scale·Σ_j X(:, j)          (kernels/reduce.hpp)
///     dl::activation_backward(g, Z, dA, dZ)      dZ = dA ⊙ g'(Z)                 (kernels/activation.hpp)
///     rng.fill_normal(W, mean, stddev)           W ~ N(mean, stddev²)            (core/rng.hpp)
///
/// Outputs are passed in already shaped; never allocate inside these functions (the training
/// loop calls them a thousand times per epoch).
#pragma once

#include <functional>
#include <vector>

#include "core/rng.hpp"
#include "core/tensor.hpp"

namespace dl::exercises {

/// Exercise ch04.dense_forward — the linear part of a dense layer (全连接层):
///
///     Z = W·A_prev + b        (b added to every column: broadcasting)
///
/// Shapes: W n x n_prev, b n x 1, A_prev n_prev x m, Z n x m (already allocated).
/// Hint: one dl::matmul, then dl::add_bias.
///
/// Example: W = [1 2; 3 4], b = (1, −1), A_prev = [1 0; 0 1] (two samples): Z = [2 3; 2 3].
void dense_forward(const Tensor& W, const Tensor& b, const Tensor& A_prev, Tensor& Z);

/// Exercise ch04.dense_backward — back propagation (反向传播) through the linear part:
///
///     dW = (1/m)·dZ·A_prevᵀ          (n x n_prev)
///     db = (1/m)·Σ_j dZ(:, j)        (n x 1)
///     dA_prev = Wᵀ·dZ                (n_prev x m)   only when dA_prev != nullptr
///
/// m = dZ.cols(). dA_prev is nullptr for the first layer (no gradient is needed for X).
/// Kernels: dl::matmul (Trans::T transposes an operand without a copy) and dl::row_sums.
///
/// Example: dZ = [1 −1; 2 0], A_prev = [1 2; 3 4], W = [1 0; 0 2]:
/// dW = [−0.5 −0.5; 1 3], db = (0, 1), dA_prev = [1 −1; 4 0].
void dense_backward(const Tensor& dZ, const Tensor& A_prev, const Tensor& W, Tensor& dW,
                    Tensor& db, Tensor* dA_prev);

/// Exercise ch04.relu_backward — the chain rule through ReLU:
///
///     dZ = dA ⊙ g'(Z),   g'(z) = 1 if z > 0 else 0   (the course takes g'(0) = 0)
///
/// Shapes: dA, Z, dZ all n x m. dZ may be the same tensor as dA.
/// Example: Z = (−1, 0, 2), dA = (5, 5, 5): dZ = (0, 0, 5).
void relu_backward(const Tensor& dA, const Tensor& Z, Tensor& dZ);

/// Exercise ch04.he_init — He initialisation for a layer followed by ReLU:
///
///     W ~ N(0, 2 / n_prev),   i.e. standard normal numbers times √(2 / n_prev)
///
/// n_prev = W.cols() (the fan-in). Draw every number from `rng` (one call to rng.fill_normal),
/// so the same seed gives the same weights. Xavier's scheme for tanh uses 1 instead of 2.
void he_init(Tensor& W, Rng& rng);

/// Exercise ch04.gradient_check, part 1 — the two-sided numerical gradient (双边误差):
///
///     grad[i] = (J(θ + ε·eᵢ) − J(θ − ε·eᵢ)) / (2ε)     for i = 0 … θ.size()−1
///
/// eᵢ is the i-th unit vector: change one component at a time, and put it back afterwards.
/// The error of the two-sided difference is O(ε²); the one-sided (J(θ + ε) − J(θ))/ε is only
/// O(ε) — the graded test tells them apart.
std::vector<double> numerical_gradient(const std::function<double(const std::vector<double>&)>& J,
                                       std::vector<double> theta, double eps);

/// Exercise ch04.gradient_check, part 2 — the relative error the lecture compares with 1e-7:
///
///     ‖approx − exact‖₂ / (‖approx‖₂ + ‖exact‖₂)      (0 when both are zero)
///
/// Throw dl::Error (DL_CHECK) when the two vectors differ in length.
/// Example: approx = (1, 2), exact = (1, 2.5): 0.5 / (√5 + √7.25) = 0.1014477.
double gradient_rel_error(const std::vector<double>& approx, const std::vector<double>& exact);

}  // namespace dl::exercises
