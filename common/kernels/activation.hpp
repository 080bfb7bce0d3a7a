/// @file activation.hpp
/// @brief Elementwise activations A = g(Z) and their backward pass dZ = dA ⊙ g'(Z).
///
/// Twins: activation_cpu.cpp, activation_cuda.cu; the formulas themselves are written once in
/// scalar_math.hpp and used by both. Test: tests/kernels/test_elementwise.cpp.
///
/// | Activation | g(z)                      | g'(z)              |
/// |------------|---------------------------|--------------------|
/// | Identity   | z                         | 1                  |
/// | Step       | 1 if z >= 0 else 0        | 0                  |
/// | Sign       | +1 if z >= 0 else −1      | 0                  |
/// | Sigmoid    | 1 / (1 + e^{−z})          | σ(z)(1 − σ(z))     |
/// | Tanh       | tanh z                    | 1 − tanh² z        |
/// | ReLU       | max(0, z)                 | 1 if z > 0 else 0  |
/// | LeakyReLU  | z if z > 0 else α·z       | 1 if z > 0 else α  |
///
/// Step and sign are not differentiable at 0 and have zero slope elsewhere, which is why the
/// perceptron needs its own learning rule and gradient descent needs sigmoid-like functions.
///
/// Shapes: Z, A, dA and dZ all have the same shape (any rank).
#pragma once

#include <string>

#include "dispatch.hpp"

namespace dl {

enum class Activation { Identity, Step, Sign, Sigmoid, Tanh, ReLU, LeakyReLU };

/// "identity", "step", "sign", "sigmoid", "tanh", "relu", "leaky_relu".
const char* activation_name(Activation a);
/// Parses the names above; throws dl::UsageError naming the value and the choices.
Activation parse_activation(const std::string& name);

namespace cpu {
void activation_forward(Activation g, const Tensor& Z, Tensor& A, double alpha);
void activation_backward(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ, double alpha);
/// float16/bfloat16 storage, float32 arithmetic (half_ops_cpu.cpp).
void activation_forward_half(Activation g, const Tensor& Z, Tensor& A, double alpha);
void activation_backward_half(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ,
                              double alpha);
}  // namespace cpu
namespace cuda {
void activation_forward(Activation g, const Tensor& Z, Tensor& A, double alpha);
void activation_backward(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ, double alpha);
/// float16/bfloat16 storage, float32 arithmetic (half_ops_cuda.cu).
void activation_forward_half(Activation g, const Tensor& Z, Tensor& A, double alpha);
void activation_backward_half(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ,
                              double alpha);
}  // namespace cuda

/// A = g(Z), elementwise. `alpha` is the leaky ReLU slope (ignored otherwise). A may be Z.
inline void activation_forward(Activation g, const Tensor& Z, Tensor& A, double alpha = 0.01) {
    check_same_device("activation_forward", {&Z, &A});
    check_same_dtype("activation_forward", {&Z, &A});
    check_float_or_half_dtype("activation_forward", Z);
    A.check_shape(Z.shape(), "activation_forward: A");
    if (is_half(Z.dtype())) return DL_DISPATCH(Z.device(), activation_forward_half, g, Z, A, alpha);
    DL_DISPATCH(Z.device(), activation_forward, g, Z, A, alpha);
}

/// dZ = dA ⊙ g'(Z), elementwise (the chain rule through the activation). dZ may be dA.
inline void activation_backward(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ,
                                double alpha = 0.01) {
    check_same_device("activation_backward", {&Z, &dA, &dZ});
    check_same_dtype("activation_backward", {&Z, &dA, &dZ});
    check_float_or_half_dtype("activation_backward", Z);
    dA.check_shape(Z.shape(), "activation_backward: dA");
    dZ.check_shape(Z.shape(), "activation_backward: dZ");
    if (is_half(Z.dtype()))
        return DL_DISPATCH(Z.device(), activation_backward_half, g, Z, dA, dZ, alpha);
    DL_DISPATCH(Z.device(), activation_backward, g, Z, dA, dZ, alpha);
}

}  // namespace dl
