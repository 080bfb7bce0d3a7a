/// @file dense_backward.cpp
/// @brief Reference solution of exercise ch04.dense_backward (declared in exercises/ch04.hpp).
#include "exercises/ch04.hpp"

#include "kernels/matmul.hpp"
#include "kernels/reduce.hpp"

namespace dl::exercises {

void dense_backward(const Tensor& dZ, const Tensor& A_prev, const Tensor& W, Tensor& dW,
                    Tensor& db, Tensor* dA_prev) {
    //! [dense_backward]
    const double inv_m = 1.0 / static_cast<double>(dZ.cols());
    matmul(dZ, A_prev, dW, Trans::N, Trans::T, inv_m);         // dW = (1/m)·dZ·A_prevᵀ
    row_sums(dZ, db, inv_m);                                   // db = (1/m)·Σ_j dZ(:, j)
    if (dA_prev) matmul(W, dZ, *dA_prev, Trans::T, Trans::N);  // dA_prev = Wᵀ·dZ
    //! [dense_backward]
}

}  // namespace dl::exercises
