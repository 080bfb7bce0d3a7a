/// @file logistic_cost.cpp
/// @brief Exercise ch02.logistic_cost: the cost J = (1/m) Σ L from the logits.
///
/// Read the declaration's comment in exercises/include/exercises/ch02.hpp first.
/// Check your work: `./course grade ch02.logistic_cost` (this exercise) or `./course grade 2` (the
/// chapter). Stuck? `./course hint ch02.logistic_cost` prints the steps. Then
/// `./course run 2 --mine` runs the chapter program on your code.
#include "exercises/ch02.hpp"

#include <cmath>

namespace dl::exercises {

/// The cost J = (1/m) Σ L from the logits.
double logistic_cost(const MatrixD& Z, const MatrixD& Y) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch02.hpp.
    (void)Z;
    (void)Y;
    throw NotImplemented("ch02.logistic_cost");
    // TODO(student): end
}

}  // namespace dl::exercises
