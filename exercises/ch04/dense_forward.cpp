/// @file dense_forward.cpp
/// @brief Exercise ch04.dense_forward: the linear part of a dense layer, Z = W·A_prev + b.
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch04.dense_forward`), then run the
/// chapter on your own code with `./course run 4 --mine`.
#include "exercises/ch04.hpp"

#include "kernels/bias.hpp"
#include "kernels/matmul.hpp"

namespace dl::exercises {

/// Z = W·A_prev + b.
void dense_forward(const Tensor& W, const Tensor& b, const Tensor& A_prev, Tensor& Z) {
    // TODO(student): begin
    //  Shapes: W n x n_prev, b n x 1, A_prev n_prev x m, Z n x m.
    //  1. Z = W·A_prev          dl::matmul(W, A_prev, Z)
    //  2. Z(:, j) += b          dl::add_bias(Z, b)
    (void)W, (void)b, (void)A_prev, (void)Z;
    throw NotImplemented("ch04.dense_forward");
    // TODO(student): end
}

}  // namespace dl::exercises
