/// @file conv2d_cpu.cpp
/// @brief CPU twin of the convolution kernels (contract in conv2d.hpp): the direct loops,
/// im2col / col2im and the (un)stacking around the GEMM. Also the geometry helpers.
///
/// Every loop nest is split between threads on something each thread owns alone (a column of
/// Col, an input plane, a filter), so no two threads write the same number and the result
/// does not depend on the number of threads.
#include <Eigen/Core>
#include <algorithm>

#include "conv2d.hpp"

namespace dl {

int64_t conv_output_size(int64_t n, int64_t k, int64_t pad, int64_t stride) {
    DL_CHECK(k >= 1 && stride >= 1 && pad >= 0, "convolution: expected a window k >= 1, stride "
             "s >= 1 and padding p >= 0, got k = ", k, ", s = ", stride, ", p = ", pad);
    DL_CHECK(n + 2 * pad >= k, "convolution: a ", k, "x", k, " window does not fit in ", n,
             " pixels with padding ", pad, " (n + 2p = ", n + 2 * pad, " < k)");
    return (n + 2 * pad - k) / stride + 1;  // ⌊(n + 2p − k)/s⌋ + 1
}

void ConvGeometry::validate() const {
    DL_CHECK(C >= 1 && H >= 1 && W >= 1 && F >= 1, "convolution: expected C, H, W, F >= 1, got C = ",
             C, ", H = ", H, ", W = ", W, ", F = ", F);
    OH();
    OW();  // throw when the window does not fit
}

std::string ConvGeometry::str() const {
    return cat(k, "x", k, " s", stride, " p", pad, ", ", C, "→", F, " on ", H, "x", W);
}

namespace detail {
int64_t conv_images(const char* op, const char* what, const Tensor& t, int64_t per_image) {
    DL_CHECK(per_image > 0 && t.numel() % per_image == 0 && t.numel() > 0, op, ": ", what, " ",
             t.shape().str(), " does not hold whole images of ", per_image, " numbers");
    return t.numel() / per_image;
}
void check_conv_tensors(const char* op, std::initializer_list<const Tensor*> ts) {
    check_same_device(op, ts);
    check_same_dtype(op, ts);
    check_float_dtype(op, **ts.begin());
}
}  // namespace detail

namespace cpu {

namespace {

/// Threads only for work large enough to pay for waking them.
constexpr int64_t kParallelElements = 1 << 14;

template <class T>
using Run = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <class T>
using ConstRun = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

/// The output columns ow whose input column ow·s − p + kw lies in [0, W): [lo, hi).
inline void valid_range(int64_t W, int64_t OW, int64_t s, int64_t pad, int64_t kw, int64_t& lo,
                        int64_t& hi) {
    lo = pad > kw ? (pad - kw + s - 1) / s : 0;                        // ⌈(p − kw)/s⌉
    hi = W - 1 + pad - kw >= 0 ? std::min(OW, (W - 1 + pad - kw) / s + 1) : 0;
    if (hi < lo) hi = lo;
}

//! [im2col]
template <class T>
void im2col_t(const T* x, const ConvGeometry& g, int64_t G, T* col) {
    const int64_t OH = g.OH(), OW = g.OW(), P = OH * OW, PG = P * G, k = g.k, s = g.stride;
    const int64_t Q = g.Q();
    // Column q = (c·k + kh)·k + kw of Col holds tap (c, kh, kw) of every patch: for output
    // pixel (oh, ow) of image i, the input pixel (oh·s − p + kh, ow·s − p + kw) of channel c.
#pragma omp parallel for collapse(2) schedule(static) if (PG * Q >= kParallelElements)
    for (int64_t q = 0; q < Q; ++q) {
        for (int64_t i = 0; i < G; ++i) {
            const int64_t kw = q % k, kh = (q / k) % k, c = q / (k * k);
            const T* plane = x + (c + g.C * i) * g.H * g.W;
            T* out = col + q * PG + i * P;
            int64_t lo, hi;
            valid_range(g.W, OW, s, g.pad, kw, lo, hi);
            for (int64_t oh = 0; oh < OH; ++oh) {
                T* row = out + oh * OW;
                const int64_t h = oh * s - g.pad + kh;
                if (h < 0 || h >= g.H) {  // a row of the zero padding
                    std::fill(row, row + OW, T(0));
                    continue;
                }
                const int64_t base = h * g.W - g.pad + kw;  // plane[base + ow·s]: (h, ow·s − p + kw)
                // Plain loops (rows are short: a call to memcpy per row would cost more).
                for (int64_t ow = 0; ow < lo; ++ow) row[ow] = T(0);
                if (s == 1)
                    for (int64_t ow = lo; ow < hi; ++ow) row[ow] = plane[base + ow];
                else
                    for (int64_t ow = lo; ow < hi; ++ow) row[ow] = plane[base + ow * s];
                for (int64_t ow = hi; ow < OW; ++ow) row[ow] = T(0);
            }
        }
    }
}
//! [im2col]

template <class T>
void col2im_t(const T* col, const ConvGeometry& g, int64_t G, T* dx) {
    const int64_t OH = g.OH(), OW = g.OW(), P = OH * OW, PG = P * G, k = g.k, s = g.stride;
    // Each thread owns whole input planes (c, i) and gathers the k·k taps that read them.
#pragma omp parallel for collapse(2) schedule(static) if (PG * g.Q() >= kParallelElements)
    for (int64_t i = 0; i < G; ++i) {
        for (int64_t c = 0; c < g.C; ++c) {
            T* plane = dx + (c + g.C * i) * g.H * g.W;
            std::fill(plane, plane + g.H * g.W, T(0));
            for (int64_t kh = 0; kh < k; ++kh) {
                for (int64_t kw = 0; kw < k; ++kw) {
                    const int64_t q = (c * k + kh) * k + kw;
                    const T* tap = col + q * PG + i * P;
                    int64_t lo, hi;
                    valid_range(g.W, OW, s, g.pad, kw, lo, hi);
                    for (int64_t oh = 0; oh < OH; ++oh) {
                        const int64_t h = oh * s - g.pad + kh;
                        if (h < 0 || h >= g.H) continue;
                        const int64_t base = h * g.W - g.pad + kw;
                        const T* row = tap + oh * OW;
                        if (s == 1)  // contiguous: vectorised
                            for (int64_t ow = lo; ow < hi; ++ow) plane[base + ow] += row[ow];
                        else
                            for (int64_t ow = lo; ow < hi; ++ow) plane[base + ow * s] += row[ow];
                    }
                }
            }
        }
    }
}

template <class T>
void unstack_t(const T* ys, const T* b, const ConvGeometry& g, int64_t G, T* y) {
    const int64_t P = g.P(), F = g.F;
#pragma omp parallel for collapse(2) schedule(static) if (P * F * G >= kParallelElements)
    for (int64_t i = 0; i < G; ++i)
        for (int64_t f = 0; f < F; ++f) {
            Run<T> out(y + P * (f + F * i), P);
            const ConstRun<T> in(ys + P * i + P * G * f, P);
            if (b)
                out = in + b[f];
            else
                out = in;
        }
}

template <class T>
void stack_t(const T* dy, const ConvGeometry& g, int64_t G, T* dys, T* db) {
    const int64_t P = g.P(), F = g.F;
#pragma omp parallel for schedule(static) if (P * F * G >= kParallelElements)
    for (int64_t f = 0; f < F; ++f) {
        double sum = 0;
        for (int64_t i = 0; i < G; ++i) {
            const ConstRun<T> in(dy + P * (f + F * i), P);
            Run<T>(dys + P * i + P * G * f, P) = in;
            if (db) sum += in.sum();
        }
        if (db) db[f] += T(sum);  // db += Σ over the pixels of every image
    }
}

//! [conv_direct_forward]
template <class T>
void direct_forward_t(const T* x, const T* w, const T* b, const ConvGeometry& g, int64_t N,
                      T* y) {
    const int64_t OH = g.OH(), OW = g.OW(), k = g.k, s = g.stride, p = g.pad;
#pragma omp parallel for collapse(2) schedule(static) if (N * g.F * OH * OW * g.Q() >= kParallelElements)
    for (int64_t n = 0; n < N; ++n)
        for (int64_t f = 0; f < g.F; ++f)
            for (int64_t oh = 0; oh < OH; ++oh)
                for (int64_t ow = 0; ow < OW; ++ow) {
                    T z = b ? b[f] : T(0);
                    for (int64_t c = 0; c < g.C; ++c)
                        for (int64_t kh = 0; kh < k; ++kh)
                            for (int64_t kw = 0; kw < k; ++kw) {
                                const int64_t h = oh * s - p + kh, wx = ow * s - p + kw;
                                if (h < 0 || h >= g.H || wx < 0 || wx >= g.W) continue;  // padding: 0
                                z += w[kw + k * (kh + k * (c + g.C * f))] *
                                     x[wx + g.W * (h + g.H * (c + g.C * n))];
                            }
                    y[ow + OW * (oh + OH * (f + g.F * n))] = z;
                }
}
//! [conv_direct_forward]

//! [conv_direct_backward]
template <class T>
void direct_backward_t(const T* dy, const T* x, const T* w, const ConvGeometry& g, int64_t N,
                       T* dx, T* dw, T* db) {
    const int64_t OH = g.OH(), OW = g.OW(), k = g.k, s = g.stride, p = g.pad;
    const bool big = N * g.F * OH * OW * g.Q() >= kParallelElements;
    auto DY = [&](int64_t ow, int64_t oh, int64_t f, int64_t n) {
        return dy[ow + OW * (oh + OH * (f + g.F * n))];
    };
    // dW(kw, kh, c, f) += Σ_n Σ_oh Σ_ow dY(ow, oh, f, n) · X(ow·s − p + kw, oh·s − p + kh, c, n)
#pragma omp parallel for collapse(2) schedule(static) if (big)
    for (int64_t f = 0; f < g.F; ++f)
        for (int64_t c = 0; c < g.C; ++c)
            for (int64_t kh = 0; kh < k; ++kh)
                for (int64_t kw = 0; kw < k; ++kw) {
                    T acc = 0;
                    for (int64_t n = 0; n < N; ++n)
                        for (int64_t oh = 0; oh < OH; ++oh)
                            for (int64_t ow = 0; ow < OW; ++ow) {
                                const int64_t h = oh * s - p + kh, wx = ow * s - p + kw;
                                if (h < 0 || h >= g.H || wx < 0 || wx >= g.W) continue;
                                acc += DY(ow, oh, f, n) * x[wx + g.W * (h + g.H * (c + g.C * n))];
                            }
                    dw[kw + k * (kh + k * (c + g.C * f))] += acc;
                }
    // db(f) += Σ_n Σ_oh Σ_ow dY(ow, oh, f, n)
    if (db)
        for (int64_t f = 0; f < g.F; ++f) {
            T acc = 0;
            for (int64_t n = 0; n < N; ++n)
                for (int64_t q = 0; q < OH * OW; ++q) acc += dy[q + OH * OW * (f + g.F * n)];
            db[f] += acc;
        }
    if (!dx) return;
    // dX(w, h, c, n) = Σ over every output pixel whose window covers (w, h), of W · dY
#pragma omp parallel for collapse(2) schedule(static) if (big)
    for (int64_t n = 0; n < N; ++n)
        for (int64_t c = 0; c < g.C; ++c) {
            T* plane = dx + g.W * g.H * (c + g.C * n);
            std::fill(plane, plane + g.W * g.H, T(0));
            for (int64_t f = 0; f < g.F; ++f)
                for (int64_t oh = 0; oh < OH; ++oh)
                    for (int64_t ow = 0; ow < OW; ++ow)
                        for (int64_t kh = 0; kh < k; ++kh)
                            for (int64_t kw = 0; kw < k; ++kw) {
                                const int64_t h = oh * s - p + kh, wx = ow * s - p + kw;
                                if (h < 0 || h >= g.H || wx < 0 || wx >= g.W) continue;
                                plane[wx + g.W * h] +=
                                    w[kw + k * (kh + k * (c + g.C * f))] * DY(ow, oh, f, n);
                            }
        }
}
//! [conv_direct_backward]

template <class T>
const T* ptr(const Tensor* t) {
    return t ? t->data<T>() : nullptr;
}
template <class T>
T* mptr(Tensor* t) {
    return t ? t->data<T>() : nullptr;
}

}  // namespace

void im2col(const Tensor& X, const ConvGeometry& g, Tensor& Col) {
    const int64_t G = X.numel() / (g.C * g.H * g.W);
    if (X.dtype() == DType::F64)
        im2col_t(X.data<double>(), g, G, Col.data<double>());
    else
        im2col_t(X.data<float>(), g, G, Col.data<float>());
}

void col2im(const Tensor& Col, const ConvGeometry& g, Tensor& dX) {
    const int64_t G = dX.numel() / (g.C * g.H * g.W);
    if (dX.dtype() == DType::F64)
        col2im_t(Col.data<double>(), g, G, dX.data<double>());
    else
        col2im_t(Col.data<float>(), g, G, dX.data<float>());
}

void conv2d_unstack(const Tensor& Ys, const Tensor* b, const ConvGeometry& g, Tensor& Y) {
    const int64_t G = Y.numel() / (g.F * g.P());
    if (Y.dtype() == DType::F64)
        unstack_t(Ys.data<double>(), ptr<double>(b), g, G, Y.data<double>());
    else
        unstack_t(Ys.data<float>(), ptr<float>(b), g, G, Y.data<float>());
}

void conv2d_stack(const Tensor& dY, const ConvGeometry& g, Tensor& dYs, Tensor* db) {
    const int64_t G = dY.numel() / (g.F * g.P());
    if (dY.dtype() == DType::F64)
        stack_t(dY.data<double>(), g, G, dYs.data<double>(), mptr<double>(db));
    else
        stack_t(dY.data<float>(), g, G, dYs.data<float>(), mptr<float>(db));
}

void conv2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                           const ConvGeometry& g, Tensor& Y) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    if (X.dtype() == DType::F64)
        direct_forward_t(X.data<double>(), Wt.data<double>(), ptr<double>(b), g, N,
                         Y.data<double>());
    else
        direct_forward_t(X.data<float>(), Wt.data<float>(), ptr<float>(b), g, N, Y.data<float>());
}

void conv2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                            const ConvGeometry& g, Tensor* dX, Tensor& dW, Tensor* db) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    if (X.dtype() == DType::F64)
        direct_backward_t(dY.data<double>(), X.data<double>(), Wt.data<double>(), g, N,
                          mptr<double>(dX), dW.data<double>(), mptr<double>(db));
    else
        direct_backward_t(dY.data<float>(), X.data<float>(), Wt.data<float>(), g, N,
                          mptr<float>(dX), dW.data<float>(), mptr<float>(db));
}

}  // namespace cpu
}  // namespace dl
