/// @file residual_block_forward.cpp
/// @brief Reference solution of exercise ch06.residual_block_forward (declared in
/// exercises/ch06.hpp).
#include "exercises/ch06.hpp"

namespace dl::exercises {

Matrix residual_block_forward(const Matrix& A, const Matrix& W1, const Matrix& b1,
                              const Matrix& W2, const Matrix& b2) {
    //! [residual_block_forward]
    DL_CHECK(W1.cols() == A.rows() && W2.rows() == A.rows() && W2.cols() == W1.rows() &&
                 b1.rows() == W1.rows() && b2.rows() == W2.rows(),
             "residual_block_forward: shapes do not fit (A ", A.rows(), " x ", A.cols(), ", W1 ",
             W1.rows(), " x ", W1.cols(), ", W2 ", W2.rows(), " x ", W2.cols(), ")");
    Matrix Z1 = W1 * A;
    Z1.colwise() += b1.col(0);               // Z1 = W1·A + b1
    const Matrix A1 = Z1.cwiseMax(0.0f);     // A1 = ReLU(Z1)
    Matrix Z2 = W2 * A1;
    Z2.colwise() += b2.col(0);               // Z2 = W2·A1 + b2
    return (Z2 + A).cwiseMax(0.0f);          // A2 = ReLU(Z2 + A): the shortcut
    //! [residual_block_forward]
}

}  // namespace dl::exercises
