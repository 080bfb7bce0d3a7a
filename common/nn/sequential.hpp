/// @file sequential.hpp
/// @brief dl::nn::Sequential: layers run one after the other, y = f_L(… f_2(f_1(x))).
///
/// The forward pass feeds each layer's output to the next; the backward pass runs the chain
/// rule in reverse, each layer turning ∂J/∂(its output) into ∂J/∂(its input):
///
///     forward:   a₀ = x,  a_l = f_l(a_{l−1}),  y = a_L
///     backward:  g_L = dy,  g_{l−1} = f_l'ᵀ g_l  (layer l's backward, which also adds its dW)
///
/// A Sequential is a Layer, so it nests (a residual block's body is a Sequential). It owns the
/// outputs a_1 … a_{L−1}, allocated once for the largest batch and kept for the backward pass
/// (every layer's backward receives its own input and output), and two gradient buffers that
/// the backward pass uses in turn (g_l and g_{l−1} are never the same buffer), each as large
/// as the largest a_l.
///
///     Sequential net;
///     net.add<Dense>(256);
///     net.add<ActivationLayer>(Activation::ReLU);
///     net.add<Dense>(10);
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "layer.hpp"

namespace dl::nn {

class Sequential : public Layer {
public:
    Sequential() = default;

    /// Appends a layer (before the model is built). Unnamed layers are named by their kind and
    /// position when the model is built ("dense1", "relu1", "dense2").
    Layer& add(std::unique_ptr<Layer> layer);
    /// Appends a new L(args…) and returns it.
    template <class L, class... Args>
    L& add(Args&&... args) {
        auto p = std::make_unique<L>(std::forward<Args>(args)...);
        L& ref = *p;
        add(std::move(p));
        return ref;
    }

    const char* kind() const override { return "Sequential"; }
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override;
    void declare(const Shape& in, ParamStore& params) override;
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;
    std::vector<Layer*> children() override;

    std::size_t size() const { return layers_.size(); }
    Layer& operator[](std::size_t i) { return *layers_.at(i); }
    /// Layer i's output in the last forward pass (i < size() − 1; the last one is the y given).
    const Tensor& output(std::size_t i) const { return views_.at(i); }

private:
    std::vector<std::unique_ptr<Layer>> layers_;
    std::vector<Tensor> out_;    // a_1 … a_{L−1} at the largest batch
    std::vector<Tensor> views_;  // the same at the last forward's batch
    Tensor grad_[2];             // g_l, used in turn
};

}  // namespace dl::nn
