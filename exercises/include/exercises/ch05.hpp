/// @file ch05.hpp
/// @brief Chapter 5 exercises: regularization (正则化) and optimization — inverted dropout,
/// the L2 term, exponentially weighted averages, momentum, Adam, batch normalization and
/// learning-rate decay.
///
/// Each function is written twice: your version in exercises/ch05/<name>.cpp (a stub until you
/// fill it in) and the reference in solutions/ch05/<name>.cpp. The chapter program
/// ch05_regularization runs on the reference; ch05_regularization_mine runs the same program on
/// yours (`./course run 5 --mine`): your dropout next to the library's layer, your L2 term in the
/// cost it prints, your averages in the EWMA figure, your momentum and Adam steps in the
/// optimizer trajectories, your batch norm against the library's layer, your decay in the
/// training runs. The graded tests in exercises/graded/ch05/ check them with hand-computed
/// values and gradient checks.
///
/// Conventions (as in the lecture): samples are columns, so a layer's activations A are n x m
/// (n units, m samples) and a weight matrix W is n[l] x n[l−1]. Everything here is in double
/// precision (dl::MatrixD = Eigen::MatrixXd) so that gradient checks reach the lecture's 1e-7.
/// Eigen's array operations help: `A.array() * D.array()` is the elementwise product ⊙,
/// `X.squaredNorm()` is Σ x², `X.rowwise().sum()` sums each row over the samples.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "core/eigen_view.hpp"

namespace dl::exercises {

/// Exercise ch05.dropout_forward — inverted dropout (反向随机失活) of a layer's activations:
///
///     D = (U < keep_prob)            1 where the unit is kept, 0 where it is dropped
///     A_drop = A ⊙ D / keep_prob     divide so that E[A_drop] = A: nothing changes at test time
///
/// U holds one uniform random number in [0, 1) per unit (the chapter draws it from its
/// counter-based generator; the lecture writes np.random.rand(A.shape)). Write D (0.0 or 1.0,
/// A's shape) and return A_drop. Throw dl::Error (DL_CHECK) when the shapes differ or keep_prob
/// is not in (0, 1].
///
/// Example: A = (2, 4, 6), U = (0.1, 0.9, 0.5), keep_prob = 0.8: D = (1, 0, 1),
/// A_drop = (2.5, 0, 7.5).
MatrixD dropout_forward(const MatrixD& A, const MatrixD& U, double keep_prob, MatrixD& D);

/// Exercise ch05.dropout_backward — the gradient through inverted dropout: the dropped units
/// passed nothing forward, so they pass nothing back, and the kept ones were scaled by
/// 1/keep_prob:
///
///     dA = dA_drop ⊙ D / keep_prob
///
/// D is the mask of the forward pass (0s and 1s). Throw dl::Error when the shapes differ.
/// Example: dA_drop = (1, 1, 1), D = (1, 0, 1), keep_prob = 0.5: dA = (2, 0, 2).
MatrixD dropout_backward(const MatrixD& dA_drop, const MatrixD& D, double keep_prob);

/// Exercise ch05.l2_regularization, part 1 — the L2 term (L2 正则化) of the cost:
///
///     J = (1/m) Σ_i L(i)  +  (λ / 2m) · Σ_l ‖W[l]‖²_F,     ‖W‖²_F = Σ_ij W_ij²
///
/// Return only the second term for the weight matrices W = {W[1], …, W[L]} (the biases are not
/// regularized), m training samples and λ ≥ 0. Throw dl::Error for m ≤ 0 or λ < 0.
/// Example: W = {[1 2; 3 4], [1]}, λ = 0.5, m = 10: (0.5/20)·(30 + 1) = 0.775.
double l2_cost(const std::vector<MatrixD>& W, double lambda, int64_t m);

/// Exercise ch05.l2_regularization, part 2 — the term the L2 cost adds to each weight's
/// gradient ("weight decay", 权重衰减):
///
///     dW += (λ/m) · W
///
/// dW already holds the gradient of the data term; add to it (do not overwrite it). Throw
/// dl::Error when the shapes differ, m ≤ 0 or λ < 0.
/// Example: W = [2 −4], dW = [1 1], λ = 1, m = 2: dW = [2 −1].
void l2_gradient(const MatrixD& W, double lambda, int64_t m, MatrixD& dW);

/// Exercise ch05.ewma — the exponentially weighted average (指数加权平均) of a series
/// θ_1 … θ_T, with and without the bias correction (偏差修正):
///
///     v_0 = 0,   v_t = β·v_{t−1} + (1 − β)·θ_t,     corrected: v_t / (1 − βᵗ)
///
/// Return (v_1 … v_T) — corrected when bias_correction is true. v averages roughly the last
/// 1/(1 − β) values; without correction the first values are pulled towards v_0 = 0.
/// Throw dl::Error unless 0 ≤ β < 1.
/// Example: θ = (10, 20), β = 0.5: v = (5, 12.5); corrected (10, 16.6667).
std::vector<double> ewma(const std::vector<double>& theta, double beta, bool bias_correction);

/// Exercise ch05.momentum — one step of gradient descent with momentum (动量梯度下降法):
///
///     V = β·V + (1 − β)·dW,     W = W − α·V
///
/// V is the exponentially weighted average of the gradients (no bias correction, as in the
/// lecture); update W and V in place. Throw dl::Error when the shapes differ.
/// Example: W = 1, V = 0, dW = 2, α = 0.1, β = 0.9: V = 0.2, W = 0.98.
void momentum_update(MatrixD& W, const MatrixD& dW, MatrixD& V, double lr, double beta);

/// Exercise ch05.adam — one Adam step (Adaptive Moment Estimation), step number t = 1, 2, …:
///
///     V = β₁·V + (1 − β₁)·dW                 (first moment, as momentum)
///     S = β₂·S + (1 − β₂)·dW ⊙ dW            (second moment, as RMSprop)
///     V̂ = V / (1 − β₁ᵗ),  Ŝ = S / (1 − β₂ᵗ)   (bias correction)
///     W = W − α · V̂ / (√Ŝ + ε)              (elementwise)
///
/// Update W, V and S in place. Throw dl::Error when the shapes differ or t < 1.
/// Example: W = 1, V = S = 0, dW = 2, t = 1, α = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8:
/// V = 0.2, S = 0.004, V̂ = 2, Ŝ = 4, W = 1 − 0.1·2/(2 + 1e-8) = 0.9 (the first step is ±α).
void adam_update(MatrixD& W, const MatrixD& dW, MatrixD& V, MatrixD& S, int t, double lr,
                 double beta1, double beta2, double eps);

/// What batchnorm_forward keeps for batchnorm_backward.
struct BatchNormCache {
    MatrixD Z_hat;            ///< n x m: the normalised Ẑ
    Eigen::VectorXd gamma;    ///< n: the scale γ of the forward pass
    Eigen::VectorXd inv_std;  ///< n: 1/√(σ² + ε) of each unit
};

/// Exercise ch05.batchnorm_forward — batch normalization (批归一化) of a layer's Z (n x m) in
/// training mode, each unit (row) over the m samples of the mini-batch:
///
///     μ = (1/m) Σ_j Z(:, j)              σ² = (1/m) Σ_j (Z(:, j) − μ)²     (per row)
///     Ẑ = (Z − μ) / √(σ² + ε)            Z̃ = γ ⊙ Ẑ + β                     (γ, β per row)
///
/// Return Z̃ and fill the cache. Throw dl::Error when γ or β do not have n entries or m < 1.
/// Example: Z = [1 3] (one unit, two samples), γ = 2, β = 1, ε = 0: μ = 2, σ² = 1,
/// Ẑ = [−1 1], Z̃ = [−1 3].
MatrixD batchnorm_forward(const MatrixD& Z, const Eigen::VectorXd& gamma,
                          const Eigen::VectorXd& beta, double eps, BatchNormCache& cache);

/// Exercise ch05.batchnorm_backward — the gradients of batch norm in training mode, given
/// dZ̃ = ∂J/∂Z̃ (n x m). μ and σ² depend on every sample, so each dZ gets two extra terms:
///
///     dβ = Σ_j dZ̃(:, j)                  dγ = Σ_j dZ̃(:, j) ⊙ Ẑ(:, j)
///     dẐ = γ ⊙ dZ̃
///     dZ = (1/√(σ² + ε)) ⊙ (dẐ − mean_j(dẐ) − Ẑ ⊙ mean_j(dẐ ⊙ Ẑ))      (per row)
///
/// Fill dZ (n x m), dgamma and dbeta (n each).
/// Example: with the forward example and dZ̃ = [1 0]: dβ = 1, dγ = −1, dZ = [0 0] — with two
/// samples Ẑ is (−1, 1) whatever Z is, so no change of Z can change the output.
void batchnorm_backward(const MatrixD& dZ_tilde, const BatchNormCache& cache, MatrixD& dZ,
                        Eigen::VectorXd& dgamma, Eigen::VectorXd& dbeta);

/// Exercise ch05.lr_decay — learning-rate decay (学习率衰减) by the lecture's formula:
///
///     α = α₀ / (1 + decay_rate · epoch_num)
///
/// Throw dl::Error for α₀ ≤ 0, decay_rate < 0 or epoch_num < 0.
/// Example: α₀ = 0.2, decay_rate = 1: epoch_num 1, 2, 3, 4 → 0.1, 0.0667, 0.05, 0.04.
double learning_rate_decay(double alpha0, double decay_rate, int epoch_num);

}  // namespace dl::exercises
