/// @file conv_transpose2d_cpu.cpp
/// @brief CPU twin of the transposed-convolution kernels (contract in conv_transpose2d.hpp):
/// the geometry, the direct loops and the channel bias.
///
/// Every loop nest is split between threads on something one thread owns alone (an output
/// plane, an input plane, one filter's C_out·k·k weights, a channel), so no two threads write
/// the same number and the result does not depend on the number of threads.
#include <algorithm>

#include "conv_transpose2d.hpp"

namespace dl {

int64_t conv_transpose_output_size(int64_t n, int64_t k, int64_t pad, int64_t stride,
                                   int64_t out_pad) {
    DL_CHECK(k >= 1 && stride >= 1 && pad >= 0, "transposed convolution: expected a window "
             "k >= 1, stride s >= 1 and padding p >= 0, got k = ", k, ", s = ", stride, ", p = ",
             pad);
    DL_CHECK(out_pad >= 0 && out_pad < stride, "transposed convolution: the output padding must "
             "be in [0, s) = [0, ", stride, "), got ", out_pad);
    DL_CHECK(n >= 1, "transposed convolution: expected an input of at least 1 pixel, got ", n);
    const int64_t out = (n - 1) * stride - 2 * pad + k + out_pad;  // (n − 1)·s − 2p + k + op
    DL_CHECK(out >= 1, "transposed convolution: ", n, " pixels with k = ", k, ", s = ", stride,
             ", p = ", pad, " give an output of ", out, " pixels (the padding is too large)");
    return out;
}

ConvGeometry ConvTransposeGeometry::mirror() const {
    ConvGeometry m;
    m.C = F;
    m.H = OH();
    m.W = OW();
    m.F = C;
    m.k = k;
    m.stride = stride;
    m.pad = pad;
    return m;
}

void ConvTransposeGeometry::validate() const {
    DL_CHECK(C >= 1 && H >= 1 && W >= 1 && F >= 1, "transposed convolution: expected C, H, W, "
             "F >= 1, got C = ", C, ", H = ", H, ", W = ", W, ", F = ", F);
    const int64_t oh = OH(), ow = OW();  // throw when the sizes do not fit
    // The mirror convolution maps OH x OW back to exactly H x W when op < s (checked above).
    DL_CHECK(conv_output_size(oh, k, pad, stride) == H && conv_output_size(ow, k, pad, stride) == W,
             "transposed convolution ", str(), ": the mirror convolution does not map back");
}

std::string ConvTransposeGeometry::str() const {
    return cat(k, "x", k, " s", stride, " p", pad, out_pad ? cat(" op", out_pad) : std::string(),
               ", ", C, "→", F, " on ", H, "x", W);
}

namespace cpu {

namespace {

constexpr int64_t kParallelWork = 1 << 14;

/// The direct loops, as the contract writes them.
template <class T>
void forward_t(const T* x, const T* w, const T* b, const ConvTransposeGeometry& g, int64_t N,
               T* y) {
    const int64_t OH = g.OH(), OW = g.OW(), k = g.k, s = g.stride, p = g.pad;
    const int64_t work = N * g.F * g.C * g.H * g.W * k * k;
#pragma omp parallel for collapse(2) schedule(static) if (work >= kParallelWork)
    for (int64_t n = 0; n < N; ++n) {
        for (int64_t co = 0; co < g.F; ++co) {
            T* plane = y + (co + g.F * n) * OH * OW;  // this thread's output plane
            std::fill(plane, plane + OH * OW, b ? b[co] : T(0));
            for (int64_t ci = 0; ci < g.C; ++ci) {
                const T* xin = x + (ci + g.C * n) * g.H * g.W;
                const T* filt = w + (co + g.F * ci) * k * k;  // W(:, :, co, ci)
                for (int64_t ih = 0; ih < g.H; ++ih)
                    for (int64_t iw = 0; iw < g.W; ++iw) {
                        const T v = xin[iw + g.W * ih];
                        // The stamp of input pixel (ih, iw): output rows ih·s − p + kh.
                        for (int64_t kh = 0; kh < k; ++kh) {
                            const int64_t oh = ih * s - p + kh;
                            if (oh < 0 || oh >= OH) continue;
                            for (int64_t kw = 0; kw < k; ++kw) {
                                const int64_t ow = iw * s - p + kw;
                                if (ow < 0 || ow >= OW) continue;
                                plane[ow + OW * oh] += filt[kw + k * kh] * v;
                            }
                        }
                    }
            }
        }
    }
}

template <class T>
void backward_t(const T* dy, const T* x, const T* w, const ConvTransposeGeometry& g, int64_t N,
                T* dx, T* dw, T* db) {
    const int64_t OH = g.OH(), OW = g.OW(), k = g.k, s = g.stride, p = g.pad;
    const int64_t work = N * g.F * g.C * g.H * g.W * k * k;
    // dX: each thread owns input planes (n, ci) and gathers what their stamps touched.
    if (dx) {
#pragma omp parallel for collapse(2) schedule(static) if (work >= kParallelWork)
        for (int64_t n = 0; n < N; ++n)
            for (int64_t ci = 0; ci < g.C; ++ci) {
                T* out = dx + (ci + g.C * n) * g.H * g.W;
                for (int64_t ih = 0; ih < g.H; ++ih)
                    for (int64_t iw = 0; iw < g.W; ++iw) {
                        T acc = 0;
                        for (int64_t co = 0; co < g.F; ++co) {
                            const T* filt = w + (co + g.F * ci) * k * k;
                            const T* plane = dy + (co + g.F * n) * OH * OW;
                            for (int64_t kh = 0; kh < k; ++kh) {
                                const int64_t oh = ih * s - p + kh;
                                if (oh < 0 || oh >= OH) continue;
                                for (int64_t kw = 0; kw < k; ++kw) {
                                    const int64_t ow = iw * s - p + kw;
                                    if (ow < 0 || ow >= OW) continue;
                                    acc += filt[kw + k * kh] * plane[ow + OW * oh];
                                }
                            }
                        }
                        out[iw + g.W * ih] = acc;
                    }
            }
    }
    // dW: each thread owns the k·k taps of one (co, ci) pair.
#pragma omp parallel for collapse(2) schedule(static) if (work >= kParallelWork)
    for (int64_t ci = 0; ci < g.C; ++ci)
        for (int64_t co = 0; co < g.F; ++co) {
            T* dfilt = dw + (co + g.F * ci) * k * k;
            for (int64_t kh = 0; kh < k; ++kh)
                for (int64_t kw = 0; kw < k; ++kw) {
                    T acc = 0;
                    for (int64_t n = 0; n < N; ++n) {
                        const T* xin = x + (ci + g.C * n) * g.H * g.W;
                        const T* plane = dy + (co + g.F * n) * OH * OW;
                        for (int64_t ih = 0; ih < g.H; ++ih) {
                            const int64_t oh = ih * s - p + kh;
                            if (oh < 0 || oh >= OH) continue;
                            for (int64_t iw = 0; iw < g.W; ++iw) {
                                const int64_t ow = iw * s - p + kw;
                                if (ow < 0 || ow >= OW) continue;
                                acc += xin[iw + g.W * ih] * plane[ow + OW * oh];
                            }
                        }
                    }
                    dfilt[kw + k * kh] += acc;
                }
        }
    if (db)
        for (int64_t co = 0; co < g.F; ++co) {
            T acc = 0;
            for (int64_t n = 0; n < N; ++n) {
                const T* plane = dy + (co + g.F * n) * OH * OW;
                for (int64_t i = 0; i < OH * OW; ++i) acc += plane[i];
            }
            db[co] += acc;
        }
}

template <class T>
void bias_add_t(T* y, const T* b, int64_t inner, int64_t C, int64_t N) {
#pragma omp parallel for collapse(2) schedule(static) if (inner * C * N >= kParallelWork)
    for (int64_t n = 0; n < N; ++n)
        for (int64_t c = 0; c < C; ++c) {
            T* plane = y + (c + C * n) * inner;
            const T v = b[c];
            for (int64_t i = 0; i < inner; ++i) plane[i] += v;
        }
}

template <class T>
void bias_grad_t(const T* dy, int64_t inner, int64_t C, int64_t N, T* db) {
#pragma omp parallel for schedule(static) if (inner * C * N >= kParallelWork)
    for (int64_t c = 0; c < C; ++c) {
        T acc = 0;
        for (int64_t n = 0; n < N; ++n) {
            const T* plane = dy + (c + C * n) * inner;
            for (int64_t i = 0; i < inner; ++i) acc += plane[i];
        }
        db[c] += acc;
    }
}

template <class T>
const T* ptr(const Tensor* t) {
    return t ? t->data<T>() : nullptr;
}

}  // namespace

void conv_transpose2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                                     const ConvTransposeGeometry& g, Tensor& Y) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    if (X.dtype() == DType::F64)
        forward_t(X.data<double>(), Wt.data<double>(), ptr<double>(b), g, N, Y.data<double>());
    else
        forward_t(X.data<float>(), Wt.data<float>(), ptr<float>(b), g, N, Y.data<float>());
}

void conv_transpose2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                                      const ConvTransposeGeometry& g, Tensor* dX, Tensor& dW,
                                      Tensor* db) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    if (X.dtype() == DType::F64)
        backward_t(dY.data<double>(), X.data<double>(), Wt.data<double>(), g, N,
                   dX ? dX->data<double>() : nullptr, dW.data<double>(),
                   db ? db->data<double>() : nullptr);
    else
        backward_t(dY.data<float>(), X.data<float>(), Wt.data<float>(), g, N,
                   dX ? dX->data<float>() : nullptr, dW.data<float>(),
                   db ? db->data<float>() : nullptr);
}

void channel_bias_add(Tensor& Y, const Tensor& b, int64_t inner) {
    const int64_t C = b.numel(), N = Y.numel() / (inner * C);
    if (Y.dtype() == DType::F64)
        bias_add_t(Y.data<double>(), b.data<double>(), inner, C, N);
    else
        bias_add_t(Y.data<float>(), b.data<float>(), inner, C, N);
}

void channel_bias_grad(const Tensor& dY, int64_t inner, Tensor& db) {
    const int64_t C = db.numel(), N = dY.numel() / (inner * C);
    if (dY.dtype() == DType::F64)
        bias_grad_t(dY.data<double>(), inner, C, N, db.data<double>());
    else
        bias_grad_t(dY.data<float>(), inner, C, N, db.data<float>());
}

}  // namespace cpu
}  // namespace dl
