/// @file dense_backward.cpp
/// @brief Exercise ch04.dense_backward: back propagation through a dense layer's linear part.
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade ch04.dense_backward` (this exercise) or `./course grade 4` (the
/// chapter). Stuck? `./course hint ch04.dense_backward` prints the steps. Then
/// `./course run 4 --mine` runs the chapter program on your code.
#include "exercises/ch04.hpp"

#include "kernels/matmul.hpp"
#include "kernels/reduce.hpp"

namespace dl::exercises {

/// dW = (1/m)·dZ·A_prevᵀ, db = (1/m)·Σ_j dZ(:, j), dA_prev = Wᵀ·dZ (when dA_prev != nullptr).
void dense_backward(const Tensor& dZ, const Tensor& A_prev, const Tensor& W, Tensor& dW,
                    Tensor& db, Tensor* dA_prev) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch04.hpp.
    (void)dZ, (void)A_prev, (void)W, (void)dW, (void)db, (void)dA_prev;
    throw NotImplemented("ch04.dense_backward");
    // TODO(student): end
}

}  // namespace dl::exercises
