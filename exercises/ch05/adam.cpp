/// @file adam.cpp
/// @brief Exercise ch05.adam: one Adam step with bias correction.
///
/// Read the declaration's comment in exercises/include/exercises/ch05.hpp first.
/// Check your work: `./course grade ch05.adam` (this exercise) or `./course grade 5` (the
/// chapter). Stuck? `./course hint ch05.adam` prints the steps. Then
/// `./course run 5 --mine` runs the chapter program on your code.
#include "exercises/ch05.hpp"

#include <cmath>

#include "core/error.hpp"

namespace dl::exercises {

/// V, S moments; V̂ = V/(1 − β₁ᵗ), Ŝ = S/(1 − β₂ᵗ); W = W − α·V̂/(√Ŝ + ε).
void adam_update(MatrixD& W, const MatrixD& dW, MatrixD& V, MatrixD& S, int t, double lr,
                 double beta1, double beta2, double eps) {
    // TODO(student): begin
    //  Check the shapes and t >= 1.
    //  1. V = β₁·V + (1 − β₁)·dW;   S = β₂·S + (1 − β₂)·dW⊙dW   (dW.cwiseProduct(dW))
    //  2. V̂ = V/(1 − β₁ᵗ);  Ŝ = S/(1 − β₂ᵗ)                       (std::pow(beta1, t))
    //  3. W −= α·V̂/(√Ŝ + ε), elementwise: use .array() and .sqrt()
    (void)W, (void)dW, (void)V, (void)S, (void)t, (void)lr, (void)beta1, (void)beta2, (void)eps;
    throw NotImplemented("ch05.adam");
    // TODO(student): end
}

}  // namespace dl::exercises
