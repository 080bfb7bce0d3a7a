/// @file logistic_gradients.cpp
/// @brief Exercise ch02.logistic_gradients: dZ = A − Y, dw = (1/m)·X·dZᵀ, db = (1/m)·Σ dZ.
///
/// Read the declaration's comment in exercises/include/exercises/ch02.hpp first.
/// Check your work: `./course grade ch02.logistic_gradients` (this exercise) or `./course grade 2`
/// (the chapter). Stuck? `./course hint ch02.logistic_gradients` prints the steps. Then
/// `./course run 2 --mine` runs the chapter program on your code.
#include "exercises/ch02.hpp"

namespace dl::exercises {

/// DZ = A − Y, dw = (1/m)·X·dZᵀ, db = (1/m)·Σ dZ.
LogisticGradients logistic_gradients(const MatrixD& X, const MatrixD& A, const MatrixD& Y) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch02.hpp.
    (void)X;
    (void)A;
    (void)Y;
    throw NotImplemented("ch02.logistic_gradients");
    // TODO(student): end
}

}  // namespace dl::exercises
