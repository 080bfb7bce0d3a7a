/// @file activation_layer.hpp
/// @brief dl::nn::ActivationLayer: A = g(Z) elementwise, as a layer of its own.
///
///     forward:   A = g(Z)
///     backward:  dZ = dA ⊙ g'(Z)          (the chain rule through an elementwise function)
///
/// g is any of kernels/activation.hpp: sigmoid, tanh, ReLU, leaky ReLU (slope α for z < 0), the
/// identity; step and sign too, whose derivative is 0 almost everywhere (why the perceptron
/// cannot be trained by gradient descent). No parameters; nothing cached (Z is the layer's
/// input, which the container keeps).
///
/// Keeping the activation apart from Dense (as PyTorch does, and unlike the lecture's
/// "[LINEAR → RELU]" boxes) lets batch normalisation sit between the two, as in the lecture.
#pragma once

#include "../kernels/activation.hpp"
#include "layer.hpp"

namespace dl::nn {

class ActivationLayer : public Layer {
public:
    /// `alpha` is the leaky ReLU slope (ignored by the others).
    explicit ActivationLayer(Activation g, double alpha = 0.01) : g_(g), alpha_(alpha) {}

    /// "ReLU", "Tanh", "Sigmoid", "LeakyReLU", …
    const char* kind() const override;
    Shape out_shape(const Shape& in) const override { return in; }
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    Activation activation() const { return g_; }
    /// Chapter 4: runs the student's ReLU backward pass (dZ = dA ⊙ 1[Z > 0]) for a ReLU layer.
    void set_relu_backward(void (*fn)(const Tensor& dA, const Tensor& Z, Tensor& dZ));

private:
    Activation g_;
    double alpha_;
    void (*relu_backward_)(const Tensor&, const Tensor&, Tensor&) = nullptr;
};

}  // namespace dl::nn
