/// @file sigmoid.cpp
/// @brief Exercise ch02.sigmoid: the sigmoid σ(z) = 1 / (1 + e^{−z}), elementwise.
///
/// Read the declaration's comment in exercises/include/exercises/ch02.hpp first.
/// Check your work: `./course grade ch02.sigmoid` (this exercise) or `./course grade 2` (the
/// chapter). Stuck? `./course hint ch02.sigmoid` prints the steps. Then `./course run 2 --mine`
/// runs the chapter program on your code.
#include "exercises/ch02.hpp"

#include <cmath>

namespace dl::exercises {

/// The sigmoid σ(z) = 1 / (1 + e^{−z}), elementwise.
MatrixD sigmoid(const MatrixD& Z) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch02.hpp.
    (void)Z;
    throw NotImplemented("ch02.sigmoid");
    // TODO(student): end
}

}  // namespace dl::exercises
