/// @file activation_layer.cpp
/// @brief The activation layer (see activation_layer.hpp).
#include "activation_layer.hpp"

namespace dl::nn {

const char* ActivationLayer::kind() const {
    switch (g_) {
        case Activation::Identity: return "Identity";
        case Activation::Step: return "Step";
        case Activation::Sign: return "Sign";
        case Activation::Sigmoid: return "Sigmoid";
        case Activation::Tanh: return "Tanh";
        case Activation::ReLU: return "ReLU";
        case Activation::LeakyReLU: return "LeakyReLU";
    }
    return "Activation";
}

void ActivationLayer::set_relu_backward(void (*fn)(const Tensor&, const Tensor&, Tensor&)) {
    DL_CHECK(g_ == Activation::ReLU, "set_relu_backward on a ", kind(), " layer");
    relu_backward_ = fn;
}

void ActivationLayer::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    activation_forward(g_, x, y, alpha_);  // A = g(Z)
}

void ActivationLayer::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    if (!dx) return;
    if (relu_backward_)
        relu_backward_(dy, x, *dx);
    else
        activation_backward(g_, x, dy, *dx, alpha_);  // dZ = dA ⊙ g'(Z)
}

}  // namespace dl::nn
