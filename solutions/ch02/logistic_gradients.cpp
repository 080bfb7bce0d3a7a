/// @file logistic_gradients.cpp
/// @brief Reference solution of exercise ch02.logistic_gradients (declared in exercises/ch02.hpp).
#include "exercises/ch02.hpp"

namespace dl::exercises {

/// dZ = A − Y, dw = (1/m)·X·dZᵀ, db = (1/m)·Σ dZ.
LogisticGradients logistic_gradients(const MatrixD& X, const MatrixD& A, const MatrixD& Y) {
    DL_CHECK(A.rows() == 1 && Y.rows() == 1 && A.cols() == Y.cols() && X.cols() == A.cols(),
             "logistic_gradients: expected X n x m, A and Y 1 x m; got X ", X.rows(), " x ",
             X.cols(), ", A ", A.rows(), " x ", A.cols(), ", Y ", Y.rows(), " x ", Y.cols());
    DL_CHECK(X.cols() > 0, "logistic_gradients: no samples");
    const double m = static_cast<double>(X.cols());
    //! [logistic_gradients]
    const MatrixD dZ = A - Y;                   // 1 x m
    LogisticGradients g;
    g.dw = (X * dZ.transpose()) / m;            // n x 1
    g.db = dZ.sum() / m;
    //! [logistic_gradients]
    return g;
}

}  // namespace dl::exercises
