/// @file conv2d.cpp
/// @brief The convolution layer (see conv2d.hpp): direct loops or im2col + GEMM.
#include "conv2d.hpp"

#include <algorithm>

#include "../kernels/axpby.hpp"
#include "../kernels/matmul.hpp"
#include "conv_groups.hpp"

namespace dl::nn {

const char* conv_algo_name(ConvAlgo a) { return a == ConvAlgo::Direct ? "direct" : "im2col"; }

Conv2d::Conv2d(int64_t filters, int64_t k, int64_t stride, int64_t pad, bool bias,
               ConvAlgo algo, Init init)
    : F_(filters), k_(k), stride_(stride), pad_(pad), bias_(bias), algo_(algo), init_(init) {
    DL_CHECK(filters >= 1 && k >= 1 && stride >= 1 && pad >= 0, "Conv2d: expected filters >= 1, "
             "k >= 1, stride >= 1, padding >= 0, got ", filters, ", ", k, ", ", stride, ", ", pad);
}

std::string Conv2d::describe() const {
    return cat("Conv2d ", k_, "x", k_, " s", stride_, " p", pad_, " → ", F_, bias_ ? "" : " (no b)",
               algo_ == ConvAlgo::Direct ? " [direct]" : "");
}

ConvGeometry Conv2d::geometry(const Shape& in) const {
    DL_CHECK(in.rank() == 4, "Conv2d '", name(), "' expects images [W x H x C x m], got ",
             in.str());
    ConvGeometry g;
    g.W = in[0];
    g.H = in[1];
    g.C = in[2];
    g.F = F_;
    g.k = k_;
    g.stride = stride_;
    g.pad = pad_;
    DL_CHECK(g.W + 2 * pad_ >= k_ && g.H + 2 * pad_ >= k_, "Conv2d '", name(), "': a ", k_, "x",
             k_, " filter with padding ", pad_, " does not fit images of ", g.H, "x", g.W);
    return g;
}

Shape Conv2d::out_shape(const Shape& in) const {
    const ConvGeometry g = geometry(in);
    DL_CHECK(in_.rank() == 0 || in.with_cols(1) == in_, "Conv2d '", name(), "' was built for ",
             sample_str(in_), " images, got ", sample_str(in));
    return g.output(in[3]);
}

void Conv2d::declare(const Shape& in, ParamStore& params) {
    const ConvGeometry g = geometry(in);
    in_ = in.with_cols(1);
    //! [conv_declare]
    W_ = &params.add(name() + ".W", g.weight(), Fill::random(init_, g.Q()), true);  // fan-in C·k·k
    b_ = bias_ ? &params.add(name() + ".b", Shape::column(F_), Fill::constant(0.0), false) : nullptr;
    //! [conv_declare]
}

void Conv2d::reserve(const Shape& in, const Context& ctx) {
    if (algo_ == ConvAlgo::Direct) return;  // the loops need no buffers
    const ConvGeometry g = geometry(in);
    const int64_t N = in[3];
    threads_ = ctx.device == Device::CPU ? int(std::clamp<int64_t>(omp_get_max_threads(), 1, N)) : 1;
    G_ = detail::group_size(g.P(), g.Q(), (N + threads_ - 1) / threads_, ctx.device);
    col_.clear(), ys_.clear(), dw_.clear(), db_.clear();
    for (int t = 0; t < threads_; ++t) {
        col_.emplace_back(Shape::matrix(g.P() * G_, g.Q()), ctx.dtype, ctx.device);
        ys_.emplace_back(Shape::matrix(g.P() * G_, F_), ctx.dtype, ctx.device);
        if (t > 0) {
            dw_.emplace_back(g.weight(), ctx.dtype, ctx.device);
            db_.emplace_back(Shape::column(F_), ctx.dtype, ctx.device);
        }
    }
}

//! [conv_forward]
void Conv2d::forward(const Tensor& x, Tensor& y, const Pass& pass) {
    (void)pass;
    const ConvGeometry g = geometry(x.shape());
    const Tensor* b = b_ ? &b_->value : nullptr;
    if (algo_ == ConvAlgo::Direct) return conv2d_direct_forward(x, W_->value, b, g, y);
    const int64_t N = x.cols(), P = g.P(), groups = (N + G_ - 1) / G_;
    detail::for_groups(int(std::min<int64_t>(threads_, groups)), groups, [&](int t, int64_t c) {
        const int64_t n0 = c * G_, n = std::min(G_, N - n0);  // images n0 … n0 + n − 1
        Tensor yg = y.slice_cols(n0, n0 + n);
        Tensor col = col_[t].first(Shape::matrix(P * n, g.Q()));
        im2col(x.slice_cols(n0, n0 + n), g, col);  // Col: one row per output pixel, one column per tap
        if (n == 1) {
            // One image: the GEMM's P x F output is already the image's F maps.
            Tensor z = yg.reshape(Shape::matrix(P, F_));
            matmul(col, W_->value, z);   // Z = Col · W
            conv2d_unstack(z, b, g, z);  //   + b
        } else {
            Tensor ys = ys_[t].first(Shape::matrix(P * n, F_));
            matmul(col, W_->value, ys);    // Ys = Col · W      (P·n x F)
            conv2d_unstack(ys, b, g, yg);  // Z = Ys, image by image, + b
        }
    });
}
//! [conv_forward]

//! [conv_backward]
void Conv2d::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    const ConvGeometry g = geometry(x.shape());
    Tensor* db = b_ ? &b_->grad : nullptr;
    if (algo_ == ConvAlgo::Direct) return conv2d_direct_backward(dy, x, W_->value, g, dx, W_->grad, db);
    const int64_t N = x.cols(), P = g.P(), groups = (N + G_ - 1) / G_;
    const int T = int(std::min<int64_t>(threads_, groups));
    for (int t = 1; t < T; ++t) {  // the other threads' shares of dW and db start at 0
        dw_[t - 1].fill(0.0);
        db_[t - 1].fill(0.0);
    }
    detail::for_groups(T, groups, [&](int t, int64_t c) {
        const int64_t n0 = c * G_, n = std::min(G_, N - n0);
        Tensor& dW = t == 0 ? W_->grad : dw_[t - 1];
        Tensor* dB = !db ? nullptr : t == 0 ? db : &db_[t - 1];
        Tensor col = col_[t].first(Shape::matrix(P * n, g.Q()));
        Tensor dys = ys_[t].first(Shape::matrix(P * n, F_));
        im2col(x.slice_cols(n0, n0 + n), g, col);             // Col again (not kept: memory)
        conv2d_stack(dy.slice_cols(n0, n0 + n), g, dys, dB);  // dYs, and db += Σ dZ
        matmul(col, dys, dW, Trans::T, Trans::N, 1.0, 1.0);   // dW += Colᵀ · dYs
        if (!dx) return;
        matmul(dys, W_->value, col, Trans::N, Trans::T);  // dCol = dYs · Wᵀ  (into Col's buffer)
        Tensor dxg = dx->slice_cols(n0, n0 + n);
        col2im(col, g, dxg);                               // dA_prev = col2im(dCol)
    });
    for (int t = 1; t < T; ++t) {  // add the other threads' shares
        axpby(1.0, dw_[t - 1], 1.0, W_->grad);
        if (db) axpby(1.0, db_[t - 1], 1.0, *db);
    }
}
//! [conv_backward]

}  // namespace dl::nn
