/// @file dense_backward.cpp
/// @brief Exercise ch04.dense_backward: back propagation through a dense layer's linear part.
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch04.dense_backward`), then run the
/// chapter on your own code with `./course run 4 --mine`.
#include "exercises/ch04.hpp"

#include "kernels/matmul.hpp"
#include "kernels/reduce.hpp"

namespace dl::exercises {

/// dW = (1/m)·dZ·A_prevᵀ, db = (1/m)·Σ_j dZ(:, j), dA_prev = Wᵀ·dZ (when dA_prev != nullptr).
void dense_backward(const Tensor& dZ, const Tensor& A_prev, const Tensor& W, Tensor& dW,
                    Tensor& db, Tensor* dA_prev) {
    // TODO(student): begin
    //  m = dZ.cols().
    //  1. dW = (1/m)·dZ·A_prevᵀ      dl::matmul(dZ, A_prev, dW, Trans::N, Trans::T, 1/m)
    //  2. db = (1/m)·Σ_j dZ(:, j)    dl::row_sums(dZ, db, 1/m)
    //  3. if dA_prev: dA_prev = Wᵀ·dZ   (matmul with Trans::T on W)
    (void)dZ, (void)A_prev, (void)W, (void)dW, (void)db, (void)dA_prev;
    throw NotImplemented("ch04.dense_backward");
    // TODO(student): end
}

}  // namespace dl::exercises
