/// @file residual.hpp
/// @brief dl::nn::Residual: y = body(x) + shortcut(x), the building block of ResNet (残差网络).
///
/// The shortcut is the identity when the body keeps the shape (y = body(x) + x), or a layer
/// that matches the shapes (a 1x1 convolution with stride, usually followed by batch norm: the
/// "projection shortcut"). Because the sum passes its gradient to both branches unchanged,
///
///     ∂J/∂x = body'ᵀ·dy + shortcut'ᵀ·dy      (identity shortcut: body'ᵀ·dy + dy)
///
/// the gradient reaches early layers through the shortcut even when the body's factors are
/// small — why very deep residual networks still train (He et al. 2016).
///
/// The activation after the sum (ReLU in the original ResNet) is the next layer of the
/// enclosing Sequential, not part of this container.
#pragma once

#include <memory>

#include "layer.hpp"

namespace dl::nn {

class Residual : public Layer {
public:
    /// `shortcut` null means the identity (then body must keep the shape).
    explicit Residual(std::unique_ptr<Layer> body, std::unique_ptr<Layer> shortcut = nullptr);

    const char* kind() const override { return "Residual"; }
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override;
    void declare(const Shape& in, ParamStore& params) override;
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;
    std::vector<Layer*> children() override;

    Layer& body() { return *body_; }
    Layer* shortcut() { return shortcut_.get(); }

private:
    std::unique_ptr<Layer> body_, shortcut_;
    Tensor body_out_, short_out_, dx_short_;  // at the largest batch
    Tensor body_view_, short_view_;           // at the last forward's batch
};

}  // namespace dl::nn
