/// @file activation_apply.hpp
/// @brief g(z) and g'(z) for a runtime dl::Activation, on host and device (used by both twins).
#pragma once

#include "activation.hpp"
#include "scalar_math.hpp"

namespace dl::math {

template <class T>
DL_HD T activate(Activation g, T z, T alpha) {
    switch (g) {
        case Activation::Identity: return z;
        case Activation::Step: return step(z);
        case Activation::Sign: return sign(z);
        case Activation::Sigmoid: return sigmoid(z);
        case Activation::Tanh: return tanh(z);
        case Activation::ReLU: return relu(z);
        case Activation::LeakyReLU: return leaky_relu(z, alpha);
    }
    return z;
}

template <class T>
DL_HD T activate_grad(Activation g, T z, T alpha) {
    switch (g) {
        case Activation::Identity: return T(1);
        case Activation::Step: return T(0);
        case Activation::Sign: return T(0);
        case Activation::Sigmoid: return sigmoid_grad(z);
        case Activation::Tanh: return tanh_grad(z);
        case Activation::ReLU: return relu_grad(z);
        case Activation::LeakyReLU: return leaky_relu_grad(z, alpha);
    }
    return T(1);
}

}  // namespace dl::math
