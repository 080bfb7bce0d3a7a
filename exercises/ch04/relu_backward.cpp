/// @file relu_backward.cpp
/// @brief Exercise ch04.relu_backward: the chain rule through ReLU, dZ = dA ⊙ 1[Z > 0].
///
/// Read the declaration's comment in exercises/include/exercises/ch04.hpp first.
/// Check your work: `./course grade` (or `ctest -R graded.*ch04.relu_backward`), then run the
/// chapter on your own code with `./course run 4 --mine`.
#include "exercises/ch04.hpp"

#include "kernels/activation.hpp"

namespace dl::exercises {

/// dZ = dA ⊙ g'(Z) with g = ReLU: g'(z) = 1 if z > 0 else 0.
void relu_backward(const Tensor& dA, const Tensor& Z, Tensor& dZ) {
    // TODO(student): begin
    //  The course's elementwise kernel does it on either device:
    //  dl::activation_backward(Activation::ReLU, Z, dA, dZ).
    //  (On the CPU you could also loop over Z.data<float>(): z > 0 ? da : 0.)
    (void)dA, (void)Z, (void)dZ;
    throw NotImplemented("ch04.relu_backward");
    // TODO(student): end
}

}  // namespace dl::exercises
