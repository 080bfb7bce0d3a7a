/// @file relu_backward.cpp
/// @brief Reference solution of exercise ch04.relu_backward (declared in exercises/ch04.hpp).
#include "exercises/ch04.hpp"

#include "kernels/activation.hpp"

namespace dl::exercises {

void relu_backward(const Tensor& dA, const Tensor& Z, Tensor& dZ) {
    //! [relu_backward]
    activation_backward(Activation::ReLU, Z, dA, dZ);  // dZ = dA ⊙ 1[Z > 0]
    //! [relu_backward]
}

}  // namespace dl::exercises
