/// @file adam.cpp
/// @brief Reference solution of exercise ch05.adam (declared in exercises/ch05.hpp).
#include <cmath>

#include "core/error.hpp"
#include "exercises/ch05.hpp"

namespace dl::exercises {

void adam_update(MatrixD& W, const MatrixD& dW, MatrixD& V, MatrixD& S, int t, double lr,
                 double beta1, double beta2, double eps) {
    DL_CHECK(W.rows() == dW.rows() && W.cols() == dW.cols() && V.rows() == W.rows() &&
                 V.cols() == W.cols() && S.rows() == W.rows() && S.cols() == W.cols(),
             "adam_update: W, dW, V and S must have the same shape");
    DL_CHECK(t >= 1, "adam_update: the step number t counts from 1, got ", t);
    //! [adam_update]
    V = beta1 * V + (1.0 - beta1) * dW;                                // first moment
    S = beta2 * S + (1.0 - beta2) * dW.cwiseProduct(dW);               // second moment
    const MatrixD V_hat = V / (1.0 - std::pow(beta1, t));              // bias correction
    const MatrixD S_hat = S / (1.0 - std::pow(beta2, t));
    W.array() -= lr * V_hat.array() / (S_hat.array().sqrt() + eps);    // W = W − α·V̂/(√Ŝ + ε)
    //! [adam_update]
}

}  // namespace dl::exercises
