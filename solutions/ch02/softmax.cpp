/// @file softmax.cpp
/// @brief Reference solution of exercise ch02.softmax (declared in exercises/ch02.hpp).
#include "exercises/ch02.hpp"

namespace dl::exercises {

/// A(:, j) = e^{Z(:, j) − max} / Σ e^{Z(:, j) − max}.
MatrixD softmax(const MatrixD& Z) {
    MatrixD A(Z.rows(), Z.cols());
    //! [softmax]
    for (Eigen::Index j = 0; j < Z.cols(); ++j) {
        const double mx = Z.col(j).maxCoeff();            // subtracting it changes nothing...
        A.col(j) = (Z.col(j).array() - mx).exp().matrix(); // ...but keeps every exponent ≤ 0
        A.col(j) /= A.col(j).sum();
    }
    //! [softmax]
    return A;
}

}  // namespace dl::exercises
