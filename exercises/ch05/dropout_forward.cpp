/// @file dropout_forward.cpp
/// @brief Exercise ch05.dropout_forward: inverted dropout of a layer's activations.
///
/// Read the declaration's comment in exercises/include/exercises/ch05.hpp first.
/// Check your work: `./course grade ch05.dropout_forward` (this exercise) or `./course grade 5` (the
/// chapter). Stuck? `./course hint ch05.dropout_forward` prints the steps. Then
/// `./course run 5 --mine` runs the chapter program on your code.
#include "exercises/ch05.hpp"

#include <cmath>

#include "core/error.hpp"

namespace dl::exercises {

/// D = (U < keep_prob), A_drop = A ⊙ D / keep_prob.
MatrixD dropout_forward(const MatrixD& A, const MatrixD& U, double keep_prob, MatrixD& D) {
    // TODO(student): begin
    //  1. Check the shapes of A and U agree and 0 < keep_prob <= 1 (DL_CHECK).
    //  2. D = 1.0 where U < keep_prob, 0.0 elsewhere:
    //     (U.array() < keep_prob).cast<double>().matrix()
    //  3. Return A ⊙ D / keep_prob (A.array() * D.array() is the elementwise product).
    (void)A, (void)U, (void)keep_prob, (void)D;
    throw NotImplemented("ch05.dropout_forward");
    // TODO(student): end
}

}  // namespace dl::exercises
