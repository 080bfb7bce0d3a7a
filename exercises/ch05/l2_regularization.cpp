/// @file l2_regularization.cpp
/// @brief Exercise ch05.l2_regularization: the L2 term of the cost and of each weight's gradient.
///
/// Read the declaration's comment in exercises/include/exercises/ch05.hpp first.
/// Check your work: `./course grade ch05.l2_regularization` (this exercise) or `./course grade 5` (the
/// chapter). Stuck? `./course hint ch05.l2_regularization` prints the steps. Then
/// `./course run 5 --mine` runs the chapter program on your code.
#include "exercises/ch05.hpp"

#include <cmath>

#include "core/error.hpp"

namespace dl::exercises {

/// (λ/2m)·Σ_l ‖W[l]‖²_F.
double l2_cost(const std::vector<MatrixD>& W, double lambda, int64_t m) {
    // TODO(student): begin
    //  Check m > 0 and λ >= 0. Sum w.squaredNorm() over the matrices, times λ/(2m).
    (void)W, (void)lambda, (void)m;
    throw NotImplemented("ch05.l2_regularization");
    // TODO(student): end
}

/// dW += (λ/m)·W.
void l2_gradient(const MatrixD& W, double lambda, int64_t m, MatrixD& dW) {
    // TODO(student): begin
    //  Check the shapes, m > 0 and λ >= 0; then add (λ/m)·W to dW (do not overwrite dW).
    (void)W, (void)lambda, (void)m, (void)dW;
    throw NotImplemented("ch05.l2_regularization");
    // TODO(student): end
}

}  // namespace dl::exercises
