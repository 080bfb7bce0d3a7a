/// @file ch02.hpp
/// @brief Chapter 2 exercises: logistic regression (逻辑回归) and softmax regression.
///
/// Each function is written twice: your version in exercises/ch02/<name>.cpp (a stub until you
/// fill it in) and the reference in solutions/ch02/<name>.cpp. The chapter program
/// ch02_logistic_regression links the reference where solutions/ch02 has it (in a copy without
/// it, your files); ch02_logistic_regression_mine always links yours. Each says which at
/// start-up ("Exercises: ..."). The graded tests in exercises/graded/ch02/ check yours with
/// hand-computed values and gradient checks: `./course grade 2`, or `./course grade ch02.<name>`.
///
/// Each comment below gives the idea: the formula, the shapes, the functions to build on. When
/// you are stuck, `./course hint ch02.<name>` prints the steps.
///
/// Conventions (as in the lecture): a data set is X (n x m, one sample per column), labels are a
/// row Y (1 x m) of 0s and 1s; the model is ŷ = a = σ(wᵀx + b) with w (n x 1) and b a number.
/// Everything here is in double precision (dl::MatrixD = Eigen::MatrixXd) so that gradient
/// checks can reach the lecture's 1e-7.
#pragma once

#include <Eigen/Dense>

#include "core/eigen_view.hpp"

namespace dl::exercises {

/// Exercise ch02.sigmoid — the sigmoid (S 型函数) σ(z) = 1 / (1 + e^{−z}), elementwise.
///
/// Shapes: any; the result has Z's shape.
/// Extremes: in double precision 1 / (1 + e^{−z}) is right everywhere: at z = −1000, e^{1000}
/// overflows to +inf and 1 / (1 + inf) = 0, which is σ(−1000) to the last digit. The same value
/// written e^{z} / (1 + e^{z}) is not safe: at z = 1000 it is inf / inf = NaN. (Where σ does need
/// care is the loss: log(1 − σ(z)) is log 0 once σ(z) rounds to 1, see logistic_cost.)
///
/// Examples: σ(0) = 0.5; σ(2) = 0.8807971; σ(−1000) = 0 and σ(1000) = 1, never NaN.
MatrixD sigmoid(const MatrixD& Z);

/// Exercise ch02.logistic_cost — the cost (代价函数) J of logistic regression, from the logits
/// Z = wᵀX + b (1 x m) and the labels Y (1 x m):
///
///     L(a, y) = −[y·log a + (1 − y)·log(1 − a)],   a = σ(z)       (the loss of one sample)
///     J = (1/m) Σ_j L(a_j, y_j)
///
/// Stability: computed from z, L = softplus(z) − y·z with softplus(z) = log(1 + e^{z})
/// = max(z, 0) + log(1 + e^{−|z|}) (use std::log1p), so z = ±1000 gives a finite J.
/// Throw dl::Error (DL_CHECK) when Z and Y differ in shape or are not single rows.
///
/// Example: Z = (0, 2), Y = (1, 1): J = (log 2 + log(1 + e^{−2})) / 2 = 0.4100376.
double logistic_cost(const MatrixD& Z, const MatrixD& Y);

/// The gradients of J with respect to the parameters.
struct LogisticGradients {
    Eigen::VectorXd dw;  ///< n x 1: ∂J/∂w
    double db = 0.0;     ///< ∂J/∂b
};

/// Exercise ch02.logistic_gradients — back propagation through logistic regression, vectorized:
///
///     dZ = A − Y            (1 x m: the lecture's dz = a − y for every sample)
///     dw = (1/m) · X · dZᵀ   (n x 1)
///     db = (1/m) · Σ_j dZ_j
///
/// Shapes: X n x m, A and Y 1 x m. Throw dl::Error when they do not fit together.
///
/// Example: X = [1 2; 3 4] (samples (1,3) and (2,4)), A = (0.5, 0.5), Y = (1, 0):
/// dZ = (−0.5, 0.5), dw = (0.25, 0.25), db = 0.
LogisticGradients logistic_gradients(const MatrixD& X, const MatrixD& A, const MatrixD& Y);

/// Exercise ch02.softmax — softmax (归一化指数函数) column by column, the many-class
/// generalisation of σ:
///
///     A(k, j) = e^{Z(k,j)} / Σ_i e^{Z(i,j)}
///
/// Shapes: Z is K x m (K classes, m samples); the result too. Each column sums to 1.
/// Stability: subtract each column's maximum before exponentiating (it cancels), so logits of
/// 1000 do not overflow.
///
/// Example: the column (1, 2, 3) gives (0.0900306, 0.2447285, 0.6652410).
MatrixD softmax(const MatrixD& Z);

}  // namespace dl::exercises
