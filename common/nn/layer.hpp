/// @file layer.hpp
/// @brief dl::nn::Layer: the contract every layer of the course keeps.
///
/// A network is a tree of layers: leaves compute (Dense, Conv2d, an activation …) and
/// containers combine (Sequential runs its children one after the other, Residual adds a
/// shortcut). Every layer, leaf or container, answers the same five questions:
///
/// | call                           | what the layer does                                      |
/// |--------------------------------|----------------------------------------------------------|
/// | `out_shape(in)`                | the shape of its output for an input of shape `in`       |
/// | `declare(in, params)`          | names its parameters, their shapes and initialisation    |
/// | `reserve(in, ctx)`             | allocates its caches once, for the largest batch `in`    |
/// | `forward(x, y, pass)`          | y = f(x), into a y the caller allocated                  |
/// | `backward(x, y, dy, dx)`       | dW += ∂J/∂W (every parameter), dx = ∂J/∂x (unless null)  |
///
/// Shapes. The last dimension of a shape counts samples (core/shape.hpp): a batch of m vectors
/// is [n x m], a batch of images [W x H x C x m]. A layer keeps the batch dimension (a layer that
/// changes it, like an LSTM that keeps only its last time step, says so in out_shape). Because
/// `reserve` sees the largest batch, forward and backward allocate nothing: a smaller batch is
/// a view of the first columns of every buffer (Tensor::first).
///
/// Gradients. `dy` is ∂J/∂y, the gradient of the *cost* J = (1/m)·Σ_j L(j), so the lecture's
/// 1/m is already in it: the loss puts it there (dZ = (A − Y)/m for softmax with
/// cross-entropy), and every layer's backward pass is the plain chain rule. A layer *adds* its
/// parameter gradients (dW += …): a parameter used twice in one step — the same weights at every
/// time step of an LSTM, the discriminator of a GAN on a real and a fake batch, micro-batches —
/// gets the sum, as the chain rule says. The model clears them once per step (zero_grad). The
/// input gradient dx is *assigned*, and skipped when dx is null (the first layer: nothing needs
/// the gradient of the data). One call computes both, so there is no "call Gradient right after
/// Backward" rule to remember.
///
/// A layer's backward receives its own forward input x and output y (the container keeps them),
/// so it caches only what x and y cannot give back (a dropout mask, batch norm's statistics).
///
/// Adding a layer is one class: derive from Layer, implement out_shape, forward and backward
/// (plus declare if it has parameters, reserve if it needs caches), and test it with
/// gradcheck_layer() (gradcheck.hpp) and a hand-computed forward value. See the page "How the
/// library is built" in the course notes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../core/tensor.hpp"

namespace dl::nn {

class ParamStore;

/// Where a model runs and in which precision; every layer of a model shares it.
struct Context {
    Device device = Device::CPU;
    DType dtype = DType::F32;  ///< float32 to train; float64 on the CPU for gradient checks
};

/// What one forward pass is for.
struct Pass {
    bool training = false;  ///< dropout drops and batch norm uses batch statistics only when true
    uint64_t step = 0;      ///< training step: a counter-based generator draws dropout masks from
                            ///< (seed, step), so the CPU and the GPU draw the same mask
    uint64_t seed = 0;      ///< the run's seed, for the same generator
};

class Layer {
public:
    virtual ~Layer() = default;

    /// What the layer is ("Dense", "ReLU", "Sequential"), for summaries and messages.
    virtual const char* kind() const = 0;
    /// One line describing its settings ("Dense 256", "Conv2d 5x5 s1 p2 → 6"); kind() by default.
    virtual std::string describe() const { return kind(); }

    /// The layer's name inside its model ("dense1", "block2.conv1"); parameter names start with it.
    const std::string& name() const { return name_; }
    void set_name(std::string name) { name_ = std::move(name); }

    /// The output shape for an input of shape `in` (same batch dimension unless documented).
    /// Throws dl::Error naming the layer when `in` does not fit (a Dense layer built for 784
    /// inputs given 100).
    virtual Shape out_shape(const Shape& in) const = 0;

    /// Declares the parameters for input shape `in` into `params` (ParamStore::add), keeping the
    /// handles it returns. Called once, before the store allocates its flat buffers.
    virtual void declare(const Shape& in, ParamStore& params) {
        (void)in;
        (void)params;
    }

    /// Allocates the caches for inputs up to shape `in` (in.cols() is the largest batch), on
    /// ctx.device in ctx.dtype. Called once, after the parameters are allocated.
    virtual void reserve(const Shape& in, const Context& ctx) {
        (void)in;
        (void)ctx;
    }

    /// y = f(x). x has at most the batch reserve() saw; y has shape out_shape(x.shape()).
    virtual void forward(const Tensor& x, Tensor& y, const Pass& pass) = 0;

    /// Given dy = ∂J/∂y for the last forward(x, y): adds ∂J/∂θ to every parameter gradient and
    /// sets *dx = ∂J/∂x (dx has x's shape) unless dx is null.
    virtual void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) = 0;

    /// The layers inside a container (empty for a leaf).
    virtual std::vector<Layer*> children() { return {}; }

private:
    std::string name_;
};

/// One sample of a batch shape as the lecture writes it: [n x m] → "n", images [W x H x C x m]
/// → "C×H×W".
std::string sample_str(const Shape& s);

}  // namespace dl::nn
