/// @file pool.hpp
/// @brief Pooling layers (池化层): dl::nn::MaxPool2d, dl::nn::AvgPool2d and
/// dl::nn::GlobalAvgPool.
///
/// A pooling layer shrinks each channel on its own: a k×k window moves with stride s and keeps
/// the largest value (max pooling) or the mean (average pooling) of what it covers —
/// kernels/pool2d.hpp has the formulas and the lecture's 4x4 example. There is nothing to
/// learn (no parameters), and the number of channels stays the same:
///
///     [W x H x C x m]  →  [OW x OH x C x m],   OH = ⌊(H + 2p − k)/s⌋ + 1
///
/// Global average pooling is average pooling over the whole map: each channel of each image
/// becomes one number, the mean of its H·W pixels,
///
///     y(c, j) = (1/(H·W)) Σ_h Σ_w x(w, h, c, j)          [W x H x C x m] → [C x m]
///     dx(w, h, c, j) = dy(c, j)/(H·W)
///
/// which is how a ResNet ends: a vector of C features per image for the final dense layer,
/// whatever the image size, with no weights in between.
#pragma once

#include "../kernels/pool2d.hpp"
#include "layer.hpp"

namespace dl::nn {

/// What MaxPool2d and AvgPool2d share.
class Pool2d : public Layer {
public:
    std::string describe() const override;
    Shape out_shape(const Shape& in) const override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

    PoolGeometry geometry(const Shape& in) const;
    PoolMode mode() const { return mode_; }

protected:
    Pool2d(PoolMode mode, int64_t k, int64_t stride, int64_t pad);

private:
    PoolMode mode_;
    int64_t k_, stride_, pad_;
};

/// Max pooling over k x k windows (stride k by default: windows side by side).
class MaxPool2d : public Pool2d {
public:
    explicit MaxPool2d(int64_t k = 2, int64_t stride = 0, int64_t pad = 0)
        : Pool2d(PoolMode::Max, k, stride ? stride : k, pad) {}
    const char* kind() const override { return "MaxPool2d"; }
};

/// Average pooling over k x k windows (stride k by default).
class AvgPool2d : public Pool2d {
public:
    explicit AvgPool2d(int64_t k = 2, int64_t stride = 0, int64_t pad = 0)
        : Pool2d(PoolMode::Average, k, stride ? stride : k, pad) {}
    const char* kind() const override { return "AvgPool2d"; }
};

/// The mean of each channel of each image: [W x H x C x m] → [C x m].
class GlobalAvgPool : public Layer {
public:
    const char* kind() const override { return "GlobalAvgPool"; }
    Shape out_shape(const Shape& in) const override;
    void reserve(const Shape& in, const Context& ctx) override;
    void forward(const Tensor& x, Tensor& y, const Pass& pass) override;
    void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) override;

private:
    Tensor share_;  // H·W x 1, every entry 1/(H·W)
};

}  // namespace dl::nn
