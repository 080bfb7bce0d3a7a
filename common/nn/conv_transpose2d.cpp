/// @file conv_transpose2d.cpp
/// @brief The transposed-convolution layer (see conv_transpose2d.hpp): the mirror convolution's
/// passes swapped, on im2col, col2im and GEMM; or the direct loops.
#include "conv_transpose2d.hpp"

#include <algorithm>

#include "../kernels/axpby.hpp"
#include "../kernels/matmul.hpp"
#include "conv_groups.hpp"

namespace dl::nn {

ConvTranspose2d::ConvTranspose2d(int64_t filters, int64_t k, int64_t stride, int64_t pad,
                                 int64_t out_pad, bool bias, ConvAlgo algo, Init init)
    : F_(filters), k_(k), stride_(stride), pad_(pad), out_pad_(out_pad), bias_(bias), algo_(algo),
      init_(init) {
    DL_CHECK(filters >= 1 && k >= 1 && stride >= 1 && pad >= 0 && out_pad >= 0 && out_pad < stride,
             "ConvTranspose2d: expected filters >= 1, k >= 1, stride >= 1, padding >= 0 and "
             "0 <= output padding < stride, got ", filters, ", ", k, ", ", stride, ", ", pad, ", ",
             out_pad);
}

std::string ConvTranspose2d::describe() const {
    return cat("ConvT ", k_, "x", k_, " s", stride_, " p", pad_,
               out_pad_ ? cat(" op", out_pad_) : std::string(), " → ", F_, bias_ ? "" : " (no b)",
               algo_ == ConvAlgo::Direct ? " [direct]" : "");
}

ConvTransposeGeometry ConvTranspose2d::geometry(const Shape& in) const {
    DL_CHECK(in.rank() == 4, "ConvTranspose2d '", name(), "' expects images [W x H x C x m], got ",
             in.str());
    ConvTransposeGeometry g;
    g.W = in[0];
    g.H = in[1];
    g.C = in[2];
    g.F = F_;
    g.k = k_;
    g.stride = stride_;
    g.pad = pad_;
    g.out_pad = out_pad_;
    const int64_t oh = (g.H - 1) * stride_ - 2 * pad_ + k_ + out_pad_;
    const int64_t ow = (g.W - 1) * stride_ - 2 * pad_ + k_ + out_pad_;
    DL_CHECK(oh >= 1 && ow >= 1, "ConvTranspose2d '", name(), "': padding ", pad_, " is too large "
             "for ", k_, "x", k_, " filters on ", g.H, "x", g.W, " images (output ", oh, "x", ow, ")");
    return g;
}

Shape ConvTranspose2d::out_shape(const Shape& in) const {
    const ConvTransposeGeometry g = geometry(in);
    DL_CHECK(in_.rank() == 0 || in.with_cols(1) == in_, "ConvTranspose2d '", name(),
             "' was built for ", sample_str(in_), " images, got ", sample_str(in));
    return g.output(in[3]);
}

void ConvTranspose2d::declare(const Shape& in, ParamStore& params) {
    const ConvTransposeGeometry g = geometry(in);
    in_ = in.with_cols(1);
    // The fan-in of an output pixel: about (k/s)² stamps of each of the C input channels.
    const int64_t fan_in = std::max<int64_t>(1, g.C * k_ * k_ / (stride_ * stride_));
    W_ = &params.add(name() + ".W", g.weight(), Fill::random(init_, fan_in), true);
    b_ = bias_ ? &params.add(name() + ".b", Shape::column(F_), Fill::constant(0.0), false) : nullptr;
}

void ConvTranspose2d::reserve(const Shape& in, const Context& ctx) {
    if (algo_ == ConvAlgo::Direct) return;
    const ConvTransposeGeometry g = geometry(in);
    const ConvGeometry m = g.mirror();
    const int64_t N = in[3], P = g.H * g.W;
    threads_ = ctx.device == Device::CPU ? int(std::clamp<int64_t>(omp_get_max_threads(), 1, N)) : 1;
    G_ = detail::group_size(P, m.Q(), (N + threads_ - 1) / threads_, ctx.device);
    col_.clear(), xs_.clear(), dw_.clear();
    for (int t = 0; t < threads_; ++t) {
        col_.emplace_back(Shape::matrix(P * G_, m.Q()), ctx.dtype, ctx.device);
        xs_.emplace_back(Shape::matrix(P * G_, g.C), ctx.dtype, ctx.device);
        if (t > 0) dw_.emplace_back(g.weight(), ctx.dtype, ctx.device);
    }
}

//! [convt_forward]
void ConvTranspose2d::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    const ConvTransposeGeometry g = geometry(x.shape());
    const Tensor* b = b_ ? &b_->value : nullptr;
    if (algo_ == ConvAlgo::Direct) return conv_transpose2d_direct_forward(x, W_->value, b, g, y);
    const ConvGeometry mg = g.mirror();  // F·OH·OW → C·H·W: we run its transpose
    const int64_t N = x.cols(), P = g.H * g.W, groups = (N + G_ - 1) / G_;
    detail::for_groups(int(std::min<int64_t>(threads_, groups)), groups, [&](int t, int64_t c) {
        const int64_t n0 = c * G_, n = std::min(G_, N - n0);  // images n0 … n0 + n − 1
        const Tensor xg = x.slice_cols(n0, n0 + n);
        Tensor yg = y.slice_cols(n0, n0 + n);
        Tensor col = col_[t].first(Shape::matrix(P * n, mg.Q()));
        Tensor xs = n == 1 ? xg.reshape(Shape::matrix(P, g.C))  // one image is its own stack
                           : xs_[t].first(Shape::matrix(P * n, g.C));
        if (n > 1) conv2d_stack(xg, mg, xs, nullptr);  // Xs: one row per input pixel (P·n x C)
        matmul(xs, W_->value, col, Trans::N, Trans::T);   // Col = Xs · Wᵀ      (P·n x F·k·k)
        col2im(col, mg, yg);                              // Y = every stamp added to its pixel
        if (b) channel_bias_add(yg, *b, g.OH() * g.OW());  //   + b
    });
}
//! [convt_forward]

//! [convt_backward]
void ConvTranspose2d::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    const ConvTransposeGeometry g = geometry(x.shape());
    Tensor* db = b_ ? &b_->grad : nullptr;
    if (algo_ == ConvAlgo::Direct)
        return conv_transpose2d_direct_backward(dy, x, W_->value, g, dx, W_->grad, db);
    const ConvGeometry mg = g.mirror();
    const int64_t N = x.cols(), P = g.H * g.W, groups = (N + G_ - 1) / G_;
    const int T = int(std::min<int64_t>(threads_, groups));
    if (db) channel_bias_grad(dy, g.OH() * g.OW(), *db);  // db += Σ dY over pixels and images
    for (int t = 1; t < T; ++t) dw_[t - 1].fill(0.0);    // other threads' shares start at 0
    detail::for_groups(T, groups, [&](int t, int64_t c) {
        const int64_t n0 = c * G_, n = std::min(G_, N - n0);
        Tensor& dW = t == 0 ? W_->grad : dw_[t - 1];
        const Tensor xg = x.slice_cols(n0, n0 + n);
        Tensor col = col_[t].first(Shape::matrix(P * n, mg.Q()));
        Tensor xs = xs_[t].first(Shape::matrix(P * n, g.C));
        im2col(dy.slice_cols(n0, n0 + n), mg, col);          // Col = im2col(dY)
        conv2d_stack(xg, mg, xs, nullptr);                    // Xs again (not kept)
        matmul(col, xs, dW, Trans::T, Trans::N, 1.0, 1.0);    // dW += Colᵀ · Xs
        if (!dx) return;
        matmul(col, W_->value, xs);                           // dXs = Col · W  (into Xs)
        Tensor dxg = dx->slice_cols(n0, n0 + n);
        conv2d_unstack(xs, nullptr, mg, dxg);                 // dX, image by image
    });
    for (int t = 1; t < T; ++t) axpby(1.0, dw_[t - 1], 1.0, W_->grad);
}
//! [convt_backward]

}  // namespace dl::nn
