/// @file momentum.cpp
/// @brief Exercise ch05.momentum: one step of gradient descent with momentum.
///
/// Read the declaration's comment in exercises/include/exercises/ch05.hpp first.
/// Check your work: `./course grade ch05.momentum` (this exercise) or `./course grade 5` (the
/// chapter). Stuck? `./course hint ch05.momentum` prints the steps. Then
/// `./course run 5 --mine` runs the chapter program on your code.
#include "exercises/ch05.hpp"

#include <cmath>

#include "core/error.hpp"

namespace dl::exercises {

/// V = β·V + (1 − β)·dW, W = W − α·V.
void momentum_update(MatrixD& W, const MatrixD& dW, MatrixD& V, double lr, double beta) {
    // TODO(student): begin
    //  Check that W, dW and V have the same shape; update V first, then W with the new V.
    (void)W, (void)dW, (void)V, (void)lr, (void)beta;
    throw NotImplemented("ch05.momentum");
    // TODO(student): end
}

}  // namespace dl::exercises
