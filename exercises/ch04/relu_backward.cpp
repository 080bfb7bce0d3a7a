/// @file relu_backward.cpp
/// @brief Exercise ch04.relu_backward: the chain rule through ReLU, dZ = dA ⊙ 1[Z > 0].
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade ch04.relu_backward` (this exercise) or `./course grade 4` (the
/// chapter). Stuck? `./course hint ch04.relu_backward` prints the steps. Then
/// `./course run 4 --mine` runs the chapter program on your code.
#include "exercises/ch04.hpp"

#include "kernels/activation.hpp"

namespace dl::exercises {

/// dZ = dA ⊙ g'(Z) with g = ReLU: g'(z) = 1 if z > 0 else 0.
void relu_backward(const Tensor& dA, const Tensor& Z, Tensor& dZ) {
    // TODO(student): begin
    //  Your code here. The idea is in exercises/include/exercises/ch04.hpp.
    (void)dA, (void)Z, (void)dZ;
    throw NotImplemented("ch04.relu_backward");
    // TODO(student): end
}

}  // namespace dl::exercises
