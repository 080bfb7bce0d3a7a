/// @file dropout_backward.cpp
/// @brief Exercise ch05.dropout_backward: the gradient through inverted dropout.
///
/// Read the declaration's comment in exercises/include/exercises/ch05.hpp first.
/// Check your work: `./course grade ch05.dropout_backward` (this exercise) or `./course grade 5` (the
/// chapter). Stuck? `./course hint ch05.dropout_backward` prints the steps. Then
/// `./course run 5 --mine` runs the chapter program on your code.
#include "exercises/ch05.hpp"

#include <cmath>

#include "core/error.hpp"

namespace dl::exercises {

/// dA = dA_drop ⊙ D / keep_prob.
MatrixD dropout_backward(const MatrixD& dA_drop, const MatrixD& D, double keep_prob) {
    // TODO(student): begin
    //  The forward pass multiplied each unit by D/keep_prob (0 or 1/keep_prob): the chain rule
    //  multiplies the gradient by the same factor. Check the shapes first.
    (void)dA_drop, (void)D, (void)keep_prob;
    throw NotImplemented("ch05.dropout_backward");
    // TODO(student): end
}

}  // namespace dl::exercises
