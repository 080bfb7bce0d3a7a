/// @file model.hpp
/// @brief dl::nn::Model: a network of layers with its parameters, built once for a batch size.
///
///     auto net = std::make_unique<Sequential>();
///     net->add<Dense>(256);
///     net->add<ActivationLayer>(Activation::ReLU);
///     net->add<Dense>(10);
///     Model model(std::move(net), Shape::matrix(784, 1), 64);  // inputs of 784, batches ≤ 64
///     model.initialize(rng);
///     const Tensor& Z = model.forward(X, {true});                // X: 784 x m, m ≤ 64
///     loss.forward(Z, Y);
///     model.zero_grad();  model.backward(loss.dZ());             // every dW, db
///
/// Building names every layer by its place ("dense1", "relu1", "block2.body.conv1"), lets each
/// declare its parameters into the model's ParamStore (one flat buffer: param_store.hpp), lets
/// each reserve its caches for the largest batch, and allocates the model's output. After
/// that, forward and backward allocate nothing.
///
/// The model remembers the input of its last forward pass, which its backward pass needs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "layer.hpp"
#include "param_store.hpp"

namespace dl::nn {

/// Names every layer below `root` by its place: the name given by the user (set_name) or its
/// kind and a count among its siblings ("dense2"), after its parent's name and a dot; a
/// residual block's branches are "body" and "shortcut". Model does this when it is built.
void name_layers(Layer& root);

class Model {
public:
    /// Builds `net` for inputs shaped like `input` (its last dimension, the batch, is replaced by
    /// max_batch) on ctx.device in ctx.dtype. Throws dl::Error naming the layer whose shapes do
    /// not fit.
    Model(std::unique_ptr<Layer> net, const Shape& input, int64_t max_batch,
          const Context& ctx = {});

    /// Fills every parameter by its initialisation (param_store.hpp), drawing from rng.
    void initialize(Rng& rng) { params_.initialize(rng); }

    /// The output for the inputs X (batch m ≤ max_batch); a view that stays valid until the next
    /// forward pass.
    const Tensor& forward(const Tensor& X, const Pass& pass);
    /// Given dY = ∂J/∂(output) of the last forward pass: adds every parameter's gradient and,
    /// unless dX is null, sets *dX = ∂J/∂X.
    void backward(const Tensor& dY, Tensor* dX = nullptr);
    /// Every gradient = 0 (one fill of the flat buffer).
    void zero_grad() { params_.zero_grad(); }

    ParamStore& params() { return params_; }
    const ParamStore& params() const { return params_; }
    Layer& net() { return *net_; }
    const Context& context() const { return ctx_; }
    int64_t max_batch() const { return max_batch_; }
    /// The input and output shapes for a batch of m samples.
    Shape input_shape(int64_t m) const { return input_.with_cols(m); }
    Shape output_shape(int64_t m) const { return net_->out_shape(input_.with_cols(m)); }
    /// Trainable parameters (without the flat buffer's padding).
    int64_t num_parameters() const { return params_.count(); }

    /// Every layer, containers and leaves, depth-first in order.
    std::vector<Layer*> layers();
    /// The layer whose name is `name`; throws dl::Error listing the names otherwise.
    Layer& layer(const std::string& name);

    /// A table of the layers: name, what it is, output shape per sample, parameters; the total
    /// last. The model summary of chapter 6 ("LeNet-5: 61,706 parameters") prints this.
    std::string summary() const;
    /// "784-256-128-10"-style one-line description: the output size of each Dense layer.
    std::string describe() const;

private:
    std::unique_ptr<Layer> net_;
    Shape input_;
    int64_t max_batch_;
    Context ctx_;
    ParamStore params_;
    Tensor out_, out_view_, X_;
};

}  // namespace dl::nn
