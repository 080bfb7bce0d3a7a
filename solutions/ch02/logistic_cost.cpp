/// @file logistic_cost.cpp
/// @brief Reference solution of exercise ch02.logistic_cost (declared in exercises/ch02.hpp).
#include "exercises/ch02.hpp"

#include <cmath>

namespace dl::exercises {

/// J = (1/m) Σ_j [softplus(z_j) − y_j·z_j], the cross-entropy cost from the logits.
double logistic_cost(const MatrixD& Z, const MatrixD& Y) {
    DL_CHECK(Z.rows() == 1 && Y.rows() == 1 && Z.cols() == Y.cols(),
             "logistic_cost: Z and Y must both be 1 x m, got ", Z.rows(), " x ", Z.cols(),
             " and ", Y.rows(), " x ", Y.cols());
    DL_CHECK(Z.cols() > 0, "logistic_cost: no samples");
    //! [logistic_cost]
    double J = 0.0;
    for (Eigen::Index j = 0; j < Z.cols(); ++j) {
        const double z = Z(0, j), y = Y(0, j);
        // −[y·log σ(z) + (1 − y)·log(1 − σ(z))] = softplus(z) − y·z
        const double softplus = std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z)));
        J += softplus - y * z;
    }
    return J / static_cast<double>(Z.cols());
    //! [logistic_cost]
}

}  // namespace dl::exercises
