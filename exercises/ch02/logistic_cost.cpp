/// @file logistic_cost.cpp
/// @brief Exercise ch02.logistic_cost: the cost J = (1/m) Σ L from the logits.
///
/// Read the declaration's comment in exercises/include/exercises/ch02.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch02.logistic_cost`), then run the
/// chapter on your own code with `./course run 2 --mine`.
#include "exercises/ch02.hpp"

#include <cmath>

namespace dl::exercises {

/// The cost J = (1/m) Σ L from the logits.
double logistic_cost(const MatrixD& Z, const MatrixD& Y) {
    // TODO(student): begin
    //  1. DL_CHECK that Z and Y are both 1 x m (m > 0).
    //  2. For each sample: L = softplus(z) − y·z,  softplus(z) = max(z, 0) + log1p(exp(−|z|)).
    //  3. Return the mean of L over the m samples.
    (void)Z;
    (void)Y;
    throw NotImplemented("ch02.logistic_cost");
    // TODO(student): end
}

}  // namespace dl::exercises
