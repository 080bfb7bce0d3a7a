/// @file ch03.hpp
/// @brief Chapter 3 exercises: vectorization (向量化) and broadcasting (广播).
///
/// Your versions go in exercises/ch03/<name>.cpp; the references are in solutions/ch03/. The
/// chapter program ch03_vectorization links the reference where solutions/ch03 has it (in a copy
/// without it, your files) and says which at start-up; `./course run 3 --mine` times your loops
/// against your vectorized code. The graded tests in exercises/graded/ch03/ check them:
/// `./course grade 3`, or `./course grade ch03.<name>`. When you are stuck,
/// `./course hint ch03.<name>` prints the steps.
///
/// Conventions: X is n x m (one sample per column), Y is 1 x m, w is n x 1, b a number.
#pragma once

#include <Eigen/Dense>

#include "core/eigen_view.hpp"
#include "core/shape.hpp"

namespace dl::exercises {

/// One gradient-descent evaluation of logistic regression: cost and gradients.
struct LogisticStep {
    double J = 0.0;      ///< the cost (1/m) Σ L
    Eigen::VectorXd dw;  ///< n x 1
    double db = 0.0;
};

/// Exercise ch03.loop_gradients — the lecture's version with two explicit for-loops: the outer
/// one over the m samples, the inner one over the n features:
///
///     J = 0; dw = 0; db = 0
///     for i = 1..m:
///         z = Σ_k w_k·x_k(i) + b;   a = σ(z)
///         J  += −[y(i)·log a + (1 − y(i))·log(1 − a)]
///         dz = a − y(i)
///         for k = 1..n:  dw_k += x_k(i)·dz
///         db += dz
///     J /= m;  dw /= m;  db /= m
///
/// Write the loops yourself: no Eigen products, only element access X(k, i). (For the loss,
/// use the stable form softplus(z) − y·z; dl::math::softplus and dl::math::sigmoid in
/// kernels/loss_math.hpp and kernels/scalar_math.hpp help.)
/// Throw dl::Error when the shapes do not fit.
LogisticStep loop_gradients(const Eigen::VectorXd& w, double b, const MatrixD& X,
                            const MatrixD& Y);

/// Exercise ch03.vectorized_gradients — the same step with no loop over samples or features:
///
///     Z = wᵀX + b        (1 x m; b is broadcast over the row)
///     A = σ(Z)
///     J = (1/m) Σ [softplus(Z) − Y⊙Z]
///     dZ = A − Y;  dw = (1/m)·X·dZᵀ;  db = (1/m)·Σ dZ
///
/// Must agree with loop_gradients to rel ≤ 1e-6 (the chapter prints the agreement).
/// Eigen's matrix products, `.array()` (elementwise operations) and `.unaryExpr(f)` (a function on
/// every element) do it without a loop.
LogisticStep vectorized_gradients(const Eigen::VectorXd& w, double b, const MatrixD& X,
                                  const MatrixD& Y);

/// Exercise ch03.broadcast_shape_rule — numpy's broadcasting rule for two matrices a (rows x
/// cols) and b: in each dimension the two sizes must be equal or one of them 1; the result takes
/// the larger size. Examples: [3 x 4] with [1 x 4] → [3 x 4]; [3 x 1] with [1 x 4] → [3 x 4];
/// [3 x 4] with [3 x 3] → error.
///
/// Return the broadcast shape (Shape::matrix(rows, cols)); throw dl::Error naming both shapes
/// (Shape::str()) and the rule when they are incompatible.
Shape broadcast_shape_rule(const Shape& a, const Shape& b);

}  // namespace dl::exercises
