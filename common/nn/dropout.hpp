/// @file dropout.hpp
/// @brief dl::nn::Dropout: random deactivation (随机失活) of a layer's units while training.
///
/// In every training step each unit of the layer's input is kept with probability keep_prob
/// and zeroed otherwise, a new choice per step and per sample; the next layer therefore cannot
/// rely on any single unit, which spreads the weights out much as L2 shrinks them. Two ways to
/// keep the expected input of the next layer the same in training and at test time:
///
/// | scaling            | training (mask d, P(d = 1) = p) | test time  | source           |
/// |--------------------|---------------------------------|------------|------------------|
/// | Inverted (default) | y = x ⊙ d / p                   | y = x      | lecture 004      |
/// | Textbook           | y = x ⊙ d                       | y = p·x    | lectures 002/003 |
///
/// Both agree in expectation: E[x ⊙ d / p] = x and E[x ⊙ d] = p·x. The textbook form states it
/// as "multiply the weights by p at test time"; scaling the layer's output by p is the same
/// thing for the dense layer that follows (W·(p·a) = (p·W)·a). Inverted dropout is what
/// everyone uses, because the test-time network is then the plain one.
///
///     forward (training):  D = (u < p)·scale,  y = x ⊙ D     (scale = 1/p or 1)
///     backward:            dx = dy ⊙ D                        (dropped units get no gradient)
///
/// The mask comes from the counter-based generator keyed by (Pass::seed, Pass::step, this
/// layer's name, element) — kernels/dropout.hpp — so the CPU and the GPU drop the same units in
/// the same step, and a gradient check with a fixed Pass sees a fixed mask. The mask D is the
/// only cache (x and y come back to backward()).
#pragma once

#include "layer.hpp"

namespace dl::nn {

enum class DropoutScaling { Inverted, Textbook };

class Dropout : public Layer {
public:
    /// Keeps each unit with probability keep_prob ∈ (0, 1] (1: the layer does nothing).
    explicit Dropout(double keep_prob, DropoutScaling scaling = DropoutScaling::Inverted);

    const char* kind() const override { return "Dropout"; }
    /// "Dropout keep_prob 0.8", "(textbook)" added for the textbook scaling.
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override { return in; }
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    double keep_prob() const { return keep_prob_; }
    DropoutScaling scaling() const { return scaling_; }
    /// The factor applied at test time: 1 (inverted) or keep_prob (textbook).
    double test_scale() const { return scaling_ == DropoutScaling::Inverted ? 1.0 : keep_prob_; }
    /// The scaled mask D of the last training forward pass (its batch).
    const Tensor& mask() const { return D_view_; }
    /// The 32-bit layer identifier in the mask's key (from the layer's name).
    uint32_t layer_id() const { return layer_id_; }

private:
    double keep_prob_;
    DropoutScaling scaling_;
    uint32_t layer_id_ = 0;
    Tensor D_, D_view_;
    bool last_training_ = false;
};

}  // namespace dl::nn
