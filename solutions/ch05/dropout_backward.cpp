/// @file dropout_backward.cpp
/// @brief Reference solution of exercise ch05.dropout_backward (declared in exercises/ch05.hpp).
#include "core/error.hpp"
#include "exercises/ch05.hpp"

namespace dl::exercises {

MatrixD dropout_backward(const MatrixD& dA_drop, const MatrixD& D, double keep_prob) {
    DL_CHECK(dA_drop.rows() == D.rows() && dA_drop.cols() == D.cols(), "dropout_backward: dA is ",
             dA_drop.rows(), " x ", dA_drop.cols(), " but D is ", D.rows(), " x ", D.cols());
    DL_CHECK(keep_prob > 0 && keep_prob <= 1, "dropout_backward: keep_prob must be in (0, 1], got ",
             keep_prob);
    //! [dropout_backward]
    return (dA_drop.array() * D.array() / keep_prob).matrix();  // dA = dA_drop ⊙ D / keep_prob
    //! [dropout_backward]
}

}  // namespace dl::exercises
