/// @file residual_block_forward.cpp
/// @brief Exercise ch06.residual_block_forward: the residual block A2 = ReLU(W2·ReLU(W1·A + b1) + b2 + A).
///
/// Read the declaration's comment in exercises/include/exercises/ch06.hpp first.
/// Check your work: `./course grade ch06.residual_block_forward` (this exercise) or `./course grade 6` (the
/// chapter). Stuck? `./course hint ch06.residual_block_forward` prints the steps. Then
/// `./course run 6 --mine` runs the chapter program on your code.
#include "exercises/ch06.hpp"

namespace dl::exercises {

/// A2 = ReLU(Z2 + A): the shortcut adds A before the last ReLU.
Matrix residual_block_forward(const Matrix& A, const Matrix& W1, const Matrix& b1,
                              const Matrix& W2, const Matrix& b2) {
    // TODO(student): begin
    //  Eigen does the products: W1 * A is a matrix product.
    //  1. Z1 = W1 * A, then add b1 to every column: Z1.colwise() += b1.col(0);
    //  2. A1 = ReLU(Z1): Z1.cwiseMax(0.0f)
    //  3. Z2 = W2 * A1 + b2 (every column), then A2 = ReLU(Z2 + A) — the shortcut.
    (void)A, (void)W1, (void)b1, (void)W2, (void)b2;
    throw NotImplemented("ch06.residual_block_forward");
    // TODO(student): end
}

}  // namespace dl::exercises
