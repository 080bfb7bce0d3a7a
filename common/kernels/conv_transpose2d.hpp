/// @file conv_transpose2d.hpp
/// @brief Transposed convolution (转置卷积): the geometry, the direct loops, and the channel
/// bias the layer adds around its GEMMs.
///
/// A convolution with stride 2 halves an image; a generator has to go the other way, from a
/// small map of many channels to a large image. The transposed convolution does that: every
/// *input* pixel stamps a k×k copy of its filter, scaled by its value, onto the output, whose
/// pixels are s apart for neighbouring input pixels, and the stamps add up where they overlap:
///
///     Y(iw·s − p + kw, ih·s − p + kh, co, n) += W(kw, kh, co, ci) · X(iw, ih, ci, n)
///     Y(ow, oh, co, n) += b(co)
///
/// for every input pixel (iw, ih) of channel ci and every tap (kw, kh) whose target lies inside
/// the output. Its output has
///
///     OH = (H − 1)·s − 2p + k + op,   OW = (W − 1)·s − 2p + k + op          (op < s)
///
/// pixels — the convolution's ⌊(n + 2p − k)/s⌋ + 1 solved for n; the output padding op adds
/// rows and columns at the far edge to pick one of the s sizes a stride-s convolution maps to
/// the same H. DCGAN's 4x4 filters with s = 2 and p = 1 double the size exactly: 7 → 14 → 28.
///
/// Why "transposed": a convolution of an image of C channels and OH×OW pixels with F filters is
/// a linear map x ↦ Mx; the map above is x ↦ Mᵀx for the convolution with C = C_out, F = C_in
/// and the same k, s, p (the *mirror* convolution, ConvTransposeGeometry::mirror()). So its
/// forward pass is the mirror's input-gradient pass and its backward pass is the mirror's
/// forward pass, and the layer (nn::ConvTranspose2d) runs on the same im2col, col2im and GEMM
/// twins as nn::Conv2d:
///
///     forward:   Xs  = stack(X)                    (P·G x C_in: the G images' pixels as rows)
///                Col = Xs · Wᵀ                     (P·G x C_out·k·k)
///                Y   = col2im(Col) + b             (each entry added to the pixel it stamps)
///     backward:  Col = im2col(dY)
///                dXs = Col · W,  dX = unstack(dXs)  (the mirror convolution of dY)
///                dW += Colᵀ · Xs,  db += Σ dY
///
/// Layouts (samples last; the memory is PyTorch's ConvTranspose2d):
///
/// | tensor | shape                   | memory = PyTorch's   |
/// |--------|-------------------------|----------------------|
/// | X      | [W x H x C_in x N]      | (N, C_in, H, W)      |
/// | W      | [k x k x C_out x C_in]  | (C_in, C_out, k, k)  |
/// | b      | [C_out x 1]             | (C_out)              |
/// | Y      | [OW x OH x C_out x N]   | (N, C_out, OH, OW)   |
///
/// The direct loops below compute the sums as written (the version to read, and the reference
/// the GEMM version is tested against); the channel-bias pair adds b to every pixel of a
/// channel and sums the gradient back. Twins: conv_transpose2d_cpu.cpp,
/// conv_transpose2d_cuda.cu. Tests: tests/nn/test_conv_transpose.cpp.
#pragma once

#include "conv2d.hpp"
#include "dispatch.hpp"

namespace dl {

/// The output size (n − 1)·s − 2p + k + op of a transposed convolution over n pixels; throws
/// dl::Error unless k, s ≥ 1, p ≥ 0, 0 ≤ op < s and the result is ≥ 1.
int64_t conv_transpose_output_size(int64_t n, int64_t k, int64_t pad, int64_t stride,
                                   int64_t out_pad = 0);

/// The sizes of one transposed convolution.
struct ConvTransposeGeometry {
    int64_t C = 1, H = 1, W = 1;  ///< input channels, height, width
    int64_t F = 1;                ///< output channels
    int64_t k = 1;                ///< the filters are k x k
    int64_t stride = 1, pad = 0, out_pad = 0;

    int64_t OH() const { return conv_transpose_output_size(H, k, pad, stride, out_pad); }
    int64_t OW() const { return conv_transpose_output_size(W, k, pad, stride, out_pad); }
    Shape input(int64_t N) const { return Shape::images(N, C, H, W); }
    Shape output(int64_t N) const { return Shape::images(N, F, OH(), OW()); }
    Shape weight() const { return Shape{k, k, F, C}; }
    /// The convolution whose transpose this is: C_out·OH·OW → C_in·H·W with the same k, s, p.
    ConvGeometry mirror() const;
    /// Throws dl::Error naming the problem when a size is out of range.
    void validate() const;
    /// "4x4 s2 p1, 64→32 on 7x7 → 14x14".
    std::string str() const;
};

namespace cpu {
void conv_transpose2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                                     const ConvTransposeGeometry& g, Tensor& Y);
void conv_transpose2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                                      const ConvTransposeGeometry& g, Tensor* dX, Tensor& dW,
                                      Tensor* db);
void channel_bias_add(Tensor& Y, const Tensor& b, int64_t inner);
void channel_bias_grad(const Tensor& dY, int64_t inner, Tensor& db);
}  // namespace cpu
namespace cuda {
void conv_transpose2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                                     const ConvTransposeGeometry& g, Tensor& Y);
void conv_transpose2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                                      const ConvTransposeGeometry& g, Tensor* dX, Tensor& dW,
                                      Tensor* db);
void channel_bias_add(Tensor& Y, const Tensor& b, int64_t inner);
void channel_bias_grad(const Tensor& dY, int64_t inner, Tensor& db);
}  // namespace cuda

/// Y = the transposed convolution of X with the filters Wt (shape g.weight()) plus b (may be
/// null), by the direct loops: each output pixel gathers the input pixels whose stamp covers it,
///
///     Y(ow, oh, co, n) = b(co) + Σ_ci Σ_kh Σ_kw W(kw, kh, co, ci) · X(iw, ih, ci, n)
///         over the taps with ih = (oh + p − kh)/s and iw = (ow + p − kw)/s whole and inside.
inline void conv_transpose2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                                            const ConvTransposeGeometry& g, Tensor& Y) {
    g.validate();
    detail::check_conv_tensors("conv_transpose2d_direct_forward", {&X, &Wt, &Y});
    if (b) detail::check_conv_tensors("conv_transpose2d_direct_forward", {&X, b});
    const int64_t N =
        detail::conv_images("conv_transpose2d_direct_forward", "X", X, g.C * g.H * g.W);
    DL_CHECK(Wt.numel() == g.weight().numel(), "conv_transpose2d_direct_forward: W must be ",
             g.weight().str(), ", got ", Wt.shape().str());
    DL_CHECK(Y.numel() == g.output(N).numel(), "conv_transpose2d_direct_forward: Y must be ",
             g.output(N).str(), ", got ", Y.shape().str());
    DL_CHECK(!b || b->numel() == g.F, "conv_transpose2d_direct_forward: b must have ", g.F,
             " elements, got ", b->shape().str());
    DL_DISPATCH(X.device(), conv_transpose2d_direct_forward, X, Wt, b, g, Y);
}

/// Given dY = ∂J/∂Y: dW += ∂J/∂W, db += ∂J/∂b (unless null), dX = ∂J/∂X (unless null):
///
///     dX(iw, ih, ci, n)   = Σ_co Σ_kh Σ_kw W(kw, kh, co, ci) · dY(iw·s − p + kw, ih·s − p + kh, co, n)
///     dW(kw, kh, co, ci) += Σ_n Σ_ih Σ_iw X(iw, ih, ci, n) · dY(iw·s − p + kw, ih·s − p + kh, co, n)
///     db(co)             += Σ_n Σ_oh Σ_ow dY(ow, oh, co, n)
///
/// (the sums run over the taps whose target lies inside the output).
inline void conv_transpose2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                                             const ConvTransposeGeometry& g, Tensor* dX,
                                             Tensor& dW, Tensor* db) {
    g.validate();
    detail::check_conv_tensors("conv_transpose2d_direct_backward", {&dY, &X, &Wt, &dW});
    const int64_t N =
        detail::conv_images("conv_transpose2d_direct_backward", "X", X, g.C * g.H * g.W);
    DL_CHECK(dY.numel() == g.output(N).numel(), "conv_transpose2d_direct_backward: dY must be ",
             g.output(N).str(), ", got ", dY.shape().str());
    DL_CHECK(dW.numel() == g.weight().numel() && Wt.numel() == dW.numel(),
             "conv_transpose2d_direct_backward: W and dW must be ", g.weight().str());
    if (dX) {
        detail::check_conv_tensors("conv_transpose2d_direct_backward", {&X, dX});
        DL_CHECK(dX->numel() == X.numel(), "conv_transpose2d_direct_backward: dX must have X's "
                 "shape ", X.shape().str());
    }
    if (db) {
        detail::check_conv_tensors("conv_transpose2d_direct_backward", {&X, db});
        DL_CHECK(db->numel() == g.F, "conv_transpose2d_direct_backward: db must have ", g.F,
                 " elements");
    }
    DL_DISPATCH(X.device(), conv_transpose2d_direct_backward, dY, X, Wt, g, dX, dW, db);
}

/// Y(i, c, n) += b(c): Y seen as [inner x C x N] (inner = the pixels of one channel, C =
/// b's elements, N = whatever is left), the bias of each channel added to all its pixels.
inline void channel_bias_add(Tensor& Y, const Tensor& b, int64_t inner) {
    detail::check_conv_tensors("channel_bias_add", {&Y, &b});
    DL_CHECK(inner >= 1 && b.numel() >= 1 && Y.numel() % (inner * b.numel()) == 0,
             "channel_bias_add: Y ", Y.shape().str(), " does not hold whole maps of ", inner,
             " pixels for ", b.numel(), " channels");
    DL_DISPATCH(Y.device(), channel_bias_add, Y, b, inner);
}

/// db(c) += Σ_n Σ_i dY(i, c, n): the gradient of channel_bias_add, dY seen as [inner x C x N].
inline void channel_bias_grad(const Tensor& dY, int64_t inner, Tensor& db) {
    detail::check_conv_tensors("channel_bias_grad", {&dY, &db});
    DL_CHECK(inner >= 1 && db.numel() >= 1 && dY.numel() % (inner * db.numel()) == 0,
             "channel_bias_grad: dY ", dY.shape().str(), " does not hold whole maps of ", inner,
             " pixels for ", db.numel(), " channels");
    DL_DISPATCH(dY.device(), channel_bias_grad, dY, inner, db);
}

}  // namespace dl
