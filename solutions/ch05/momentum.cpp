/// @file momentum.cpp
/// @brief Reference solution of exercise ch05.momentum (declared in exercises/ch05.hpp).
#include "core/error.hpp"
#include "exercises/ch05.hpp"

namespace dl::exercises {

void momentum_update(MatrixD& W, const MatrixD& dW, MatrixD& V, double lr, double beta) {
    DL_CHECK(W.rows() == dW.rows() && W.cols() == dW.cols() && V.rows() == W.rows() &&
                 V.cols() == W.cols(),
             "momentum_update: W, dW and V must have the same shape");
    //! [momentum_update]
    V = beta * V + (1.0 - beta) * dW;  // V = β·V + (1 − β)·dW
    W -= lr * V;                       // W = W − α·V
    //! [momentum_update]
}

}  // namespace dl::exercises
