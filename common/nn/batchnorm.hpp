/// @file batchnorm.hpp
/// @brief dl::nn::BatchNorm and dl::nn::BatchNorm2d: batch normalisation (批量归一化) of a
/// layer's pre-activations, per unit or per channel.
///
/// Batch norm normalises each unit (a row of Z: n x m) or each channel (a feature map of
/// [W x H x C x N]) to zero mean and unit variance over the mini-batch, then lets the network
/// choose the scale and shift it wants back:
///
///     μ = mean over the batch,  σ² = variance over the batch        (per unit / channel)
///     ẑ = (z − μ)/√(σ² + ε),    y = γ·ẑ + β
///
/// | layer        | input               | statistics of each of         | over           |
/// |--------------|---------------------|-------------------------------|----------------|
/// | BatchNorm    | [n x m]             | n units (rows)                | the m samples  |
/// | BatchNorm2d  | [W x H x C x N]     | C channels                    | N·H·W elements |
///
/// A convolution's channel shares one γ and β across all positions, as it shares its filter;
/// so BatchNorm2d's statistics run over the positions too. Both layers run the same kernel
/// (kernels/batchnorm.hpp) on the (inner, channels, outer) view of their input.
///
/// Training (Pass::training) uses the batch's μ and σ² and updates running averages with the
/// lecture's exponentially weighted average (β_avg = 1 − momentum = 0.9); evaluation uses those
/// running averages, so a test image's output does not depend on the other images of its batch.
/// The running averages are *buffers* of the parameter store (param_store.hpp): saved in
/// checkpoints, never trained. γ (starts at 1) and β (at 0) are parameters without weight decay.
///
/// With batch norm after it, a layer's own bias is redundant (β does its job: the lecture's
/// "使用 Batch 归一化，其实可以消除参数 b"): give Dense-free convolutions `bias = false`.
///
/// The backward pass of training mode differentiates through μ and σ² as well (they depend on
/// every sample), which is what the gradient check in tests/nn/test_batchnorm.cpp verifies in
/// both modes.
#pragma once

#include "../kernels/batchnorm.hpp"
#include "layer.hpp"
#include "param_store.hpp"

namespace dl::nn {

/// What BatchNorm and BatchNorm2d share; they differ only in how they see their input.
class BatchNormBase : public Layer {
public:
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override;
    void declare(const Shape& in, ParamStore& params) override;
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    Param& gamma() { return *gamma_; }
    Param& beta() { return *beta_; }
    Buffer& running_mean() { return *running_mean_; }
    Buffer& running_var() { return *running_var_; }
    /// The last forward pass's μ and 1/√(σ² + ε) per channel (batch or running statistics).
    const Tensor& mean() const { return mean_; }
    const Tensor& inv_std() const { return inv_std_; }
    double eps() const { return eps_; }
    double momentum() const { return momentum_; }

protected:
    BatchNormBase(double eps, double momentum);
    /// The (inner, channels, outer) view of an input of shape `in`; throws naming the layer when
    /// the shape does not fit.
    virtual ChannelView view(const Shape& in) const = 0;

private:
    double eps_, momentum_;
    int64_t channels_ = 0;
    Param* gamma_ = nullptr;
    Param* beta_ = nullptr;
    Buffer* running_mean_ = nullptr;
    Buffer* running_var_ = nullptr;
    Tensor mean_, inv_std_, sums_;
    bool last_training_ = false;
};

/// Batch norm of a dense layer's output [n x m]: each of the n units over the m samples
/// (inner 1, channels n, outer m).
class BatchNorm : public BatchNormBase {
public:
    explicit BatchNorm(double eps = 1e-5, double momentum = 0.1) : BatchNormBase(eps, momentum) {}
    const char* kind() const override { return "BatchNorm"; }

protected:
    ChannelView view(const Shape& in) const override;
};

/// Batch norm of a convolution's output [W x H x C x N]: each of the C channels over the N
/// images and their H·W positions (inner H·W, channels C, outer N).
class BatchNorm2d : public BatchNormBase {
public:
    explicit BatchNorm2d(double eps = 1e-5, double momentum = 0.1)
        : BatchNormBase(eps, momentum) {}
    const char* kind() const override { return "BatchNorm2d"; }

protected:
    ChannelView view(const Shape& in) const override;
};

}  // namespace dl::nn
