/// @file conv2d.hpp
/// @brief 2-D convolution (卷积): the geometry, the direct loops, and the pieces of the
/// im2col + GEMM algorithm the networks use.
///
/// A convolution layer slides F filters of C×k×k weights over an input of C channels of H×W
/// pixels, with zero padding p (填充) and stride s (步长). Each output pixel of filter f is
///
///     Y(ow, oh, f, n) = b(f) + Σ_c Σ_kh Σ_kw  W(kw, kh, c, f) · X(ow·s − p + kw, oh·s − p + kh, c, n)
///
/// (X read as 0 outside the image), and the output has
///
///     OH = ⌊(H + 2p − k)/s⌋ + 1,   OW = ⌊(W + 2p − k)/s⌋ + 1          (the lecture's (n + 2p − f)/s + 1)
///
/// As in the lecture and every framework, the filter is not flipped: this is cross-correlation,
/// which machine learning calls convolution ("互相关 v.s. 卷积").
///
/// Layouts (samples last, as everywhere in the course):
///
/// | tensor | shape               | memory = PyTorch's                           |
/// |--------|---------------------|----------------------------------------------|
/// | X      | [W x H x C x N]     | (N, C, H, W)                                 |
/// | W      | [k x k x C x F]     | (F, C, k, k): filter f is a C×k×k "image"    |
/// | b      | [F x 1]             | (F)                                          |
/// | Y      | [OW x OH x F x N]   | (N, F, OH, OW)                               |
///
/// **Direct loops** (conv2d_direct_forward / conv2d_direct_backward) compute the sums above as
/// written: the version to read, and the reference the fast one is tested against.
///
/// **im2col + GEMM** turns the convolution into one matrix product. For a group of G images,
/// im2col copies every k×k×C input patch into a row of a matrix:
///
///     Col (P·G x Q),   P = OH·OW output pixels per image,  Q = C·k·k taps per patch
///     Col(p + P·g, q) = X(ow·s − p + kw, oh·s − p + kh, c, g)   for q = (c·k + kh)·k + kw
///
/// and then, seeing W as its Q x F matrix (its memory as it is),
///
///     forward:   Ys  = Col · W                     (P·G x F: one GEMM for G images)
///                Y   = unstack(Ys) + b             (each image's F maps one after the other)
///     backward:  dYs = stack(dY),  db += Σ dY
///                dW += Colᵀ · dYs                  (Q x F)
///                dCol = dYs · Wᵀ                   (P·G x Q)
///                dX  = col2im(dCol)                (each tap's gradient added back to its pixel)
///
/// The GEMMs do nearly all of the arithmetic, at the speed of dl::matmul; im2col, col2im and
/// the (un)stacking only move memory. A group of G images makes the products large enough to be
/// efficient while Col stays in the caches (the layer chooses G).
///
/// Twins: conv2d_cpu.cpp, conv2d_cuda.cu. Tests: tests/nn/test_conv.cpp.
#pragma once

#include "dispatch.hpp"

namespace dl {

/// The lecture's output size ⌊(n + 2p − k)/s⌋ + 1 of a convolution or pooling window of size k,
/// padding p and stride s over n pixels; throws dl::Error when the window does not fit
/// (n + 2p < k) or k, s < 1, p < 0.
int64_t conv_output_size(int64_t n, int64_t k, int64_t pad, int64_t stride);

/// The sizes of one convolution.
struct ConvGeometry {
    int64_t C = 1, H = 1, W = 1;  ///< input channels, height, width
    int64_t F = 1;                ///< filters (output channels)
    int64_t k = 1;                ///< the filters are k x k
    int64_t stride = 1, pad = 0;

    int64_t OH() const { return conv_output_size(H, k, pad, stride); }
    int64_t OW() const { return conv_output_size(W, k, pad, stride); }
    int64_t P() const { return OH() * OW(); }  ///< output pixels per image
    int64_t Q() const { return C * k * k; }    ///< taps per patch (a row of Col)
    Shape input(int64_t N) const { return Shape::images(N, C, H, W); }
    Shape output(int64_t N) const { return Shape::images(N, F, OH(), OW()); }
    Shape weight() const { return Shape{k, k, C, F}; }
    /// Throws dl::Error naming the problem when a size is out of range.
    void validate() const;
    /// "3x3 s1 p1, 16→32".
    std::string str() const;
};

namespace cpu {
void im2col(const Tensor& X, const ConvGeometry& g, Tensor& Col);
void col2im(const Tensor& Col, const ConvGeometry& g, Tensor& dX);
void conv2d_unstack(const Tensor& Ys, const Tensor* b, const ConvGeometry& g, Tensor& Y);
void conv2d_stack(const Tensor& dY, const ConvGeometry& g, Tensor& dYs, Tensor* db);
void conv2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                           const ConvGeometry& g, Tensor& Y);
void conv2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                            const ConvGeometry& g, Tensor* dX, Tensor& dW, Tensor* db);
}  // namespace cpu
namespace cuda {
void im2col(const Tensor& X, const ConvGeometry& g, Tensor& Col);
void col2im(const Tensor& Col, const ConvGeometry& g, Tensor& dX);
void conv2d_unstack(const Tensor& Ys, const Tensor* b, const ConvGeometry& g, Tensor& Y);
void conv2d_stack(const Tensor& dY, const ConvGeometry& g, Tensor& dYs, Tensor* db);
void conv2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                           const ConvGeometry& g, Tensor& Y);
void conv2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                            const ConvGeometry& g, Tensor* dX, Tensor& dW, Tensor* db);
}  // namespace cuda

namespace detail {
/// Images in a tensor holding whole C×H×W images (throws naming `what` otherwise).
int64_t conv_images(const char* op, const char* what, const Tensor& t, int64_t per_image);
void check_conv_tensors(const char* op, std::initializer_list<const Tensor*> ts);
}  // namespace detail

/// Col (P·G x Q) ← the patches of the G images of X (any shape holding G·C·H·W elements).
inline void im2col(const Tensor& X, const ConvGeometry& g, Tensor& Col) {
    g.validate();
    detail::check_conv_tensors("im2col", {&X, &Col});
    const int64_t G = detail::conv_images("im2col", "X", X, g.C * g.H * g.W);
    DL_CHECK(Col.rows() == g.P() * G && Col.cols() == g.Q(), "im2col: Col must be [",
             g.P() * G, " x ", g.Q(), "] for ", G, " images (", g.str(), "), got ",
             Col.shape().str());
    DL_DISPATCH(X.device(), im2col, X, g, Col);
}

/// dX (G images) ← every entry of dCol (P·G x Q) added back to the pixel it was copied from.
inline void col2im(const Tensor& Col, const ConvGeometry& g, Tensor& dX) {
    g.validate();
    detail::check_conv_tensors("col2im", {&Col, &dX});
    const int64_t G = detail::conv_images("col2im", "dX", dX, g.C * g.H * g.W);
    DL_CHECK(Col.rows() == g.P() * G && Col.cols() == g.Q(), "col2im: Col must be [",
             g.P() * G, " x ", g.Q(), "] for ", G, " images (", g.str(), "), got ",
             Col.shape().str());
    DL_DISPATCH(Col.device(), col2im, Col, g, dX);
}

/// Y(p, f, g) = Ys(p + P·g, f) + b(f): the GEMM's rows (pixels of all G images) moved into the
/// course's layout, the bias added (b may be null). Y may be Ys when G = 1.
inline void conv2d_unstack(const Tensor& Ys, const Tensor* b, const ConvGeometry& g, Tensor& Y) {
    g.validate();
    detail::check_conv_tensors("conv2d_unstack", {&Ys, &Y});
    if (b) detail::check_conv_tensors("conv2d_unstack", {&Ys, b});
    const int64_t G = detail::conv_images("conv2d_unstack", "Y", Y, g.F * g.P());
    DL_CHECK(Ys.rows() == g.P() * G && Ys.cols() == g.F, "conv2d_unstack: Ys must be [",
             g.P() * G, " x ", g.F, "], got ", Ys.shape().str());
    DL_CHECK(!b || b->numel() == g.F, "conv2d_unstack: b must have ", g.F, " elements, got ",
             b->shape().str());
    DL_CHECK(Ys.raw() != Y.raw() || G == 1, "conv2d_unstack: in place only for one image");
    DL_DISPATCH(Y.device(), conv2d_unstack, Ys, b, g, Y);
}

/// dYs(p + P·g, f) = dY(p, f, g), and db(f) += Σ_{p, g} dY(p, f, g) (unless db is null).
inline void conv2d_stack(const Tensor& dY, const ConvGeometry& g, Tensor& dYs, Tensor* db) {
    g.validate();
    detail::check_conv_tensors("conv2d_stack", {&dY, &dYs});
    if (db) detail::check_conv_tensors("conv2d_stack", {&dY, db});
    const int64_t G = detail::conv_images("conv2d_stack", "dY", dY, g.F * g.P());
    DL_CHECK(dYs.rows() == g.P() * G && dYs.cols() == g.F, "conv2d_stack: dYs must be [",
             g.P() * G, " x ", g.F, "], got ", dYs.shape().str());
    DL_CHECK(!db || db->numel() == g.F, "conv2d_stack: db must have ", g.F, " elements");
    DL_CHECK(dYs.raw() != dY.raw() || G == 1, "conv2d_stack: in place only for one image");
    DL_DISPATCH(dY.device(), conv2d_stack, dY, g, dYs, db);
}

/// Y = the convolution of X with the filters Wt (shape g.weight()) plus b (may be null), by
/// the direct loops.
inline void conv2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                                  const ConvGeometry& g, Tensor& Y) {
    g.validate();
    detail::check_conv_tensors("conv2d_direct_forward", {&X, &Wt, &Y});
    if (b) detail::check_conv_tensors("conv2d_direct_forward", {&X, b});
    const int64_t N = detail::conv_images("conv2d_direct_forward", "X", X, g.C * g.H * g.W);
    DL_CHECK(Wt.numel() == g.weight().numel(), "conv2d_direct_forward: W must be ",
             g.weight().str(), ", got ", Wt.shape().str());
    DL_CHECK(Y.numel() == g.output(N).numel(), "conv2d_direct_forward: Y must be ",
             g.output(N).str(), ", got ", Y.shape().str());
    DL_CHECK(!b || b->numel() == g.F, "conv2d_direct_forward: b must have ", g.F, " elements");
    DL_DISPATCH(X.device(), conv2d_direct_forward, X, Wt, b, g, Y);
}

/// dW += ∂J/∂W, db += ∂J/∂b (unless null), dX = ∂J/∂X (unless null), by the direct loops.
inline void conv2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                                   const ConvGeometry& g, Tensor* dX, Tensor& dW, Tensor* db) {
    g.validate();
    detail::check_conv_tensors("conv2d_direct_backward", {&dY, &X, &Wt, &dW});
    const int64_t N = detail::conv_images("conv2d_direct_backward", "X", X, g.C * g.H * g.W);
    DL_CHECK(dY.numel() == g.output(N).numel(), "conv2d_direct_backward: dY must be ",
             g.output(N).str(), ", got ", dY.shape().str());
    DL_CHECK(dW.numel() == g.weight().numel() && Wt.numel() == dW.numel(),
             "conv2d_direct_backward: W and dW must be ", g.weight().str());
    if (dX) {
        detail::check_conv_tensors("conv2d_direct_backward", {&X, dX});
        DL_CHECK(dX->numel() == X.numel(), "conv2d_direct_backward: dX must have X's shape ",
                 X.shape().str());
    }
    if (db) {
        detail::check_conv_tensors("conv2d_direct_backward", {&X, db});
        DL_CHECK(db->numel() == g.F, "conv2d_direct_backward: db must have ", g.F, " elements");
    }
    DL_DISPATCH(X.device(), conv2d_direct_backward, dY, X, Wt, g, dX, dW, db);
}

}  // namespace dl
