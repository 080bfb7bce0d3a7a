/// @file logistic.hpp
/// @brief Logistic regression (逻辑回归) trained by batch gradient descent (梯度下降).
///
/// The model of the lecture: ŷ = a = σ(wᵀx + b). One iteration on the whole training set:
///
///     Z = wᵀX + b,  A = σ(Z),  J = (1/m) Σ L(a, y)          forward
///     dZ = A − Y,  dw = (1/m) X dZᵀ,  db = (1/m) Σ dZ        backward
///     w ← w − α·dw,  b ← b − α·db                            update
///
/// The pieces are the chapter's exercises (exercises/ch02.hpp): sigmoid, logistic_cost,
/// logistic_gradients. Double precision on the CPU: the data sets here are small.
#pragma once

#include <vector>

#include "core/eigen_view.hpp"

namespace ch02 {

struct LogisticModel {
    Eigen::VectorXd w;  ///< n x 1
    double b = 0.0;

    /// Z = wᵀX + b (1 x m).
    dl::MatrixD logits(const dl::MatrixD& X) const;
    /// A = σ(wᵀX + b) (1 x m), the probability of class 1.
    dl::MatrixD predict_proba(const dl::MatrixD& X) const;
    /// 1 where a ≥ 0.5 (z ≥ 0), else 0.
    std::vector<int> predict(const dl::MatrixD& X) const;
};

struct TrainLog {
    std::vector<double> train_cost;  ///< J after each iteration (on the training set)
    std::vector<double> test_cost;   ///< J on the test set (empty when none was given)
};

/// Starts from w = 0, b = 0 (any start works: J is convex) and runs `iterations` steps of
/// batch gradient descent with learning rate lr. Xt/Yt, when not empty, are only evaluated.
LogisticModel train_logistic(const dl::MatrixD& X, const dl::MatrixD& Y, double lr,
                             int iterations, TrainLog* log = nullptr,
                             const dl::MatrixD& Xt = {}, const dl::MatrixD& Yt = {});

/// The 1 x m row of labels as doubles.
dl::MatrixD label_matrix(const std::vector<int>& y);

}  // namespace ch02
