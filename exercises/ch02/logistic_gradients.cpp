/// @file logistic_gradients.cpp
/// @brief Exercise ch02.logistic_gradients: dZ = A − Y, dw = (1/m)·X·dZᵀ, db = (1/m)·Σ dZ.
///
/// Read the declaration's comment in exercises/include/exercises/ch02.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch02.logistic_gradients`), then run the
/// chapter on your own code with `./course run 2 --mine`.
#include "exercises/ch02.hpp"

namespace dl::exercises {

/// DZ = A − Y, dw = (1/m)·X·dZᵀ, db = (1/m)·Σ dZ.
LogisticGradients logistic_gradients(const MatrixD& X, const MatrixD& A, const MatrixD& Y) {
    // TODO(student): begin
    //  1. DL_CHECK the shapes: X n x m, A and Y 1 x m.
    //  2. dZ = A − Y                        (1 x m)
    //  3. g.dw = X * dZ.transpose() / m     (n x 1)
    //  4. g.db = dZ.sum() / m
    (void)X;
    (void)A;
    (void)Y;
    throw NotImplemented("ch02.logistic_gradients");
    // TODO(student): end
}

}  // namespace dl::exercises
