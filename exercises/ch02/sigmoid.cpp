/// @file sigmoid.cpp
/// @brief Exercise ch02.sigmoid: the sigmoid σ(z) = 1 / (1 + e^{−z}), elementwise.
///
/// Read the declaration's comment in exercises/include/exercises/ch02.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch02.sigmoid`), then run the
/// chapter on your own code with `./course run 2 --mine`.
#include "exercises/ch02.hpp"

#include <cmath>

namespace dl::exercises {

/// The sigmoid σ(z) = 1 / (1 + e^{−z}), elementwise.
MatrixD sigmoid(const MatrixD& Z) {
    // TODO(student): begin
    //  Return a matrix of Z's shape with σ applied to every element.
    //  Stable form: z >= 0 → 1 / (1 + e^{−z});  z < 0 → e^{z} / (1 + e^{z}).
    //  hint: Z.unaryExpr([](double z) { ... }) applies a function to each element.
    (void)Z;
    throw NotImplemented("ch02.sigmoid");
    // TODO(student): end
}

}  // namespace dl::exercises
