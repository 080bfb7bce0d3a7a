/// @file vectorized_gradients.cpp
/// @brief Reference solution of exercise ch03.vectorized_gradients (declared in exercises/ch03.hpp).
#include "exercises/ch03.hpp"

#include "kernels/loss_math.hpp"

namespace dl::exercises {

/// Z = wᵀX + b, A = σ(Z), J, dZ = A − Y, dw = (1/m)·X·dZᵀ, db = (1/m)·Σ dZ: no explicit loop.
LogisticStep vectorized_gradients(const Eigen::VectorXd& w, double b, const MatrixD& X,
                                  const MatrixD& Y) {
    const Eigen::Index n = X.rows(), m = X.cols();
    DL_CHECK(w.size() == n && Y.rows() == 1 && Y.cols() == m && m > 0,
             "vectorized_gradients: expected w n x 1, X n x m, Y 1 x m with m > 0; got w ",
             w.size(), " x 1, X ", n, " x ", m, ", Y ", Y.rows(), " x ", Y.cols());
    const double inv_m = 1.0 / static_cast<double>(m);
    LogisticStep s;
    //! [vectorized]
    const Eigen::RowVectorXd Z = (w.transpose() * X).array() + b;  // b broadcast over 1 x m
    const Eigen::RowVectorXd A = Z.unaryExpr([](double z) { return math::sigmoid(z); });
    const Eigen::RowVectorXd softplus = Z.unaryExpr([](double z) { return math::softplus(z); });
    s.J = inv_m * (softplus.array() - Y.row(0).array() * Z.array()).sum();
    const Eigen::RowVectorXd dZ = A - Y.row(0);
    s.dw = inv_m * (X * dZ.transpose());
    s.db = inv_m * dZ.sum();
    //! [vectorized]
    return s;
}

}  // namespace dl::exercises
