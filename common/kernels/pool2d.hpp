/// @file pool2d.hpp
/// @brief Max and average pooling (最大值池化, 均值池化), forward and backward.
///
/// Pooling slides a k×k window with stride s over each channel of each image on its own and
/// keeps one number per window: the largest (max) or the mean (average). It has no parameters
/// (the lecture: "池化层没有参数"), only the hyperparameters k, s and the padding p; the output
/// size is the convolution's, ⌊(n + 2p − k)/s⌋ + 1. The lecture's example, k = s = 2:
///
///     1 3 2 4
///     1 3 2 4      max  →  3 4        average  →  2 3
///     5 7 6 8              7 8                    6 7
///     5 7 6 8
///
/// Backward, with dY = ∂J/∂Y:
///
///     max:      the window's gradient goes to its largest input, the others get 0
///               (on a tie, to the first in row-major order: what the forward pass kept);
///     average:  each of the k² inputs gets dY/k².
///
/// Where windows overlap (s < k) an input collects the gradients of every window it is in.
/// The max pass needs no stored argmax: it finds, in each window, the first input equal to the
/// output y it produced (the layer keeps x and y anyway). Padding is never the maximum (it is
/// left out of the max), and counts as zeros in the average (divided by k² always, as PyTorch's
/// default count_include_pad).
///
/// Shapes: X, dX [W x H x C x N]; Y, dY [OW x OH x C x N].
/// Twins: pool2d_cpu.cpp, pool2d_cuda.cu. Tests: tests/nn/test_conv.cpp.
#pragma once

#include "conv2d.hpp"

namespace dl {

enum class PoolMode { Max, Average };

/// The sizes of one pooling layer.
struct PoolGeometry {
    int64_t C = 1, H = 1, W = 1;
    int64_t k = 2, stride = 2, pad = 0;
    int64_t OH() const { return conv_output_size(H, k, pad, stride); }
    int64_t OW() const { return conv_output_size(W, k, pad, stride); }
    Shape input(int64_t N) const { return Shape::images(N, C, H, W); }
    Shape output(int64_t N) const { return Shape::images(N, C, OH(), OW()); }
    void validate() const {
        DL_CHECK(C >= 1 && H >= 1 && W >= 1, "pooling: expected C, H, W >= 1, got ", C, ", ", H,
                 ", ", W);
        DL_CHECK(pad < k, "pooling: padding ", pad, " must be smaller than the window ", k,
                 " (a window of padding alone has no maximum)");
        OH();
        OW();
    }
};

namespace cpu {
void pool2d_forward(PoolMode mode, const Tensor& X, const PoolGeometry& g, Tensor& Y);
void pool2d_backward(PoolMode mode, const Tensor& X, const Tensor& Y, const Tensor& dY,
                     const PoolGeometry& g, Tensor& dX);
}  // namespace cpu
namespace cuda {
void pool2d_forward(PoolMode mode, const Tensor& X, const PoolGeometry& g, Tensor& Y);
void pool2d_backward(PoolMode mode, const Tensor& X, const Tensor& Y, const Tensor& dY,
                     const PoolGeometry& g, Tensor& dX);
}  // namespace cuda

/// Y = pool(X).
inline void pool2d_forward(PoolMode mode, const Tensor& X, const PoolGeometry& g, Tensor& Y) {
    g.validate();
    detail::check_conv_tensors("pool2d_forward", {&X, &Y});
    const int64_t N = detail::conv_images("pool2d_forward", "X", X, g.C * g.H * g.W);
    DL_CHECK(Y.numel() == g.output(N).numel(), "pool2d_forward: Y must be ", g.output(N).str(),
             ", got ", Y.shape().str());
    DL_DISPATCH(X.device(), pool2d_forward, mode, X, g, Y);
}

/// dX = ∂J/∂X for Y = pool(X) (Y is needed by the max's backward pass; any tensor of Y's
/// shape for the average).
inline void pool2d_backward(PoolMode mode, const Tensor& X, const Tensor& Y, const Tensor& dY,
                            const PoolGeometry& g, Tensor& dX) {
    g.validate();
    detail::check_conv_tensors("pool2d_backward", {&X, &Y, &dY, &dX});
    const int64_t N = detail::conv_images("pool2d_backward", "X", X, g.C * g.H * g.W);
    DL_CHECK(Y.numel() == g.output(N).numel() && dY.numel() == Y.numel(),
             "pool2d_backward: Y and dY must be ", g.output(N).str(), ", got ", Y.shape().str(),
             " and ", dY.shape().str());
    DL_CHECK(dX.numel() == X.numel(), "pool2d_backward: dX must have X's shape ",
             X.shape().str());
    DL_DISPATCH(X.device(), pool2d_backward, mode, X, Y, dY, g, dX);
}

}  // namespace dl
