/// @file dropout_forward.cpp
/// @brief Reference solution of exercise ch05.dropout_forward (declared in exercises/ch05.hpp).
#include "core/error.hpp"
#include "exercises/ch05.hpp"

namespace dl::exercises {

MatrixD dropout_forward(const MatrixD& A, const MatrixD& U, double keep_prob, MatrixD& D) {
    DL_CHECK(A.rows() == U.rows() && A.cols() == U.cols(), "dropout_forward: A is ", A.rows(),
             " x ", A.cols(), " but U is ", U.rows(), " x ", U.cols());
    DL_CHECK(keep_prob > 0 && keep_prob <= 1, "dropout_forward: keep_prob must be in (0, 1], got ",
             keep_prob);
    //! [dropout_forward]
    D = (U.array() < keep_prob).cast<double>().matrix();  // d = rand < keep_prob
    return (A.array() * D.array() / keep_prob).matrix();   // a = a ⊙ d / keep_prob
    //! [dropout_forward]
}

}  // namespace dl::exercises
