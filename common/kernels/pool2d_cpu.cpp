/// @file pool2d_cpu.cpp
/// @brief CPU twin of dl::pool2d_forward / pool2d_backward (contract in pool2d.hpp): one plane
/// (a channel of an image) per task, so each thread writes only its own planes.
#include <algorithm>
#include <limits>

#include "pool2d.hpp"

namespace dl::cpu {

namespace {

constexpr int64_t kParallelElements = 1 << 14;

/// The window of output pixel (oh, ow), clipped to the image: rows [h0, h1), columns [w0, w1).
struct Window {
    int64_t h0, h1, w0, w1;
};
inline Window window(const PoolGeometry& g, int64_t oh, int64_t ow) {
    const int64_t h = oh * g.stride - g.pad, w = ow * g.stride - g.pad;
    return {std::max<int64_t>(h, 0), std::min(h + g.k, g.H), std::max<int64_t>(w, 0),
            std::min(w + g.k, g.W)};
}

/// Windows side by side (k = s, no padding: LeNet's and VGG's 2x2 pooling), one plane: no
/// clipping, and the window size a compile-time constant for k = 2.
template <class T, int K>
void tiled_forward(PoolMode mode, const T* in, int64_t W, int64_t k_runtime, int64_t OH,
                   int64_t OW, T* out) {
    const int64_t k = K ? K : k_runtime;
    const T inv_area = T(1) / T(k * k);
    for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
            const T* w0 = in + oh * k * W + ow * k;
            T acc = mode == PoolMode::Max ? w0[0] : T(0);
            for (int64_t i = 0; i < k; ++i)
                for (int64_t j = 0; j < k; ++j)
                    acc = mode == PoolMode::Max ? std::max(acc, w0[i * W + j]) : acc + w0[i * W + j];
            out[oh * OW + ow] = mode == PoolMode::Max ? acc : acc * inv_area;
        }
}

/// Max pooling's backward pass for 2x2 windows side by side, without branches: each of the
/// four inputs gets dY when it is the *first* equal to the maximum (a mask per input), so the
/// loop over ow has no unpredictable jumps and every input of a window is written.
template <class T>
void max2x2_backward(const T* in, const T* y, const T* dy, int64_t H, int64_t W, int64_t OH,
                     int64_t OW, T* din) {
    for (int64_t oh = 0; oh < OH; ++oh) {
        const T* r0 = in + 2 * oh * W;
        const T* r1 = r0 + W;
        T* d0 = din + 2 * oh * W;
        T* d1 = d0 + W;
        for (int64_t ow = 0; ow < OW; ++ow) {
            const T m = y[oh * OW + ow], g = dy[oh * OW + ow];
            const bool a = r0[2 * ow] == m;
            const bool b = !a && r0[2 * ow + 1] == m;
            const bool c = !a && !b && r1[2 * ow] == m;
            const bool d = !a && !b && !c && r1[2 * ow + 1] == m;
            d0[2 * ow] = a ? g : T(0);
            d0[2 * ow + 1] = b ? g : T(0);
            d1[2 * ow] = c ? g : T(0);
            d1[2 * ow + 1] = d ? g : T(0);
        }
        for (int64_t w = 2 * OW; w < W; ++w) d0[w] = d1[w] = T(0);  // an odd last column
    }
    for (int64_t h = 2 * OH; h < H; ++h)  // an odd last row
        for (int64_t w = 0; w < W; ++w) din[h * W + w] = T(0);
}

template <class T, int K>
void tiled_backward(PoolMode mode, const T* in, const T* y, const T* dy, int64_t H, int64_t W,
                    int64_t k_runtime, int64_t OH, int64_t OW, T* din) {
    if (K == 2 && mode == PoolMode::Max) return max2x2_backward(in, y, dy, H, W, OH, OW, din);
    const int64_t k = K ? K : k_runtime;
    const T inv_area = T(1) / T(k * k);
    std::fill(din, din + H * W, T(0));  // and the rows or columns no window covers
    for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
            const int64_t o = oh * OW + ow, at = oh * k * W + ow * k;
            if (mode == PoolMode::Average) {
                for (int64_t i = 0; i < k; ++i)
                    for (int64_t j = 0; j < k; ++j) din[at + i * W + j] = dy[o] * inv_area;
                continue;
            }
            int64_t best = -1;  // the first input equal to the maximum
            for (int64_t i = 0; i < k && best < 0; ++i)
                for (int64_t j = 0; j < k && best < 0; ++j)
                    if (in[at + i * W + j] == y[o]) best = at + i * W + j;
            if (best >= 0) din[best] = dy[o];
        }
}

//! [pool_forward]
template <class T>
void forward_t(PoolMode mode, const T* x, const PoolGeometry& g, int64_t N, T* y) {
    const int64_t OH = g.OH(), OW = g.OW(), planes = g.C * N;
    if (g.k == g.stride && g.pad == 0) {  // windows side by side: the fast path
#pragma omp parallel for schedule(static) if (planes * g.H * g.W >= kParallelElements)
        for (int64_t pl = 0; pl < planes; ++pl) {
            if (g.k == 2)
                tiled_forward<T, 2>(mode, x + pl * g.H * g.W, g.W, 2, OH, OW, y + pl * OH * OW);
            else
                tiled_forward<T, 0>(mode, x + pl * g.H * g.W, g.W, g.k, OH, OW, y + pl * OH * OW);
        }
        return;
    }
    const T inv_area = T(1) / T(g.k * g.k);
#pragma omp parallel for schedule(static) if (planes * g.H * g.W >= kParallelElements)
    for (int64_t pl = 0; pl < planes; ++pl) {
        const T* in = x + pl * g.H * g.W;
        T* out = y + pl * OH * OW;
        for (int64_t oh = 0; oh < OH; ++oh)
            for (int64_t ow = 0; ow < OW; ++ow) {
                const Window wd = window(g, oh, ow);
                T acc = mode == PoolMode::Max ? -std::numeric_limits<T>::infinity() : T(0);
                for (int64_t h = wd.h0; h < wd.h1; ++h)
                    for (int64_t w = wd.w0; w < wd.w1; ++w)
                        acc = mode == PoolMode::Max ? std::max(acc, in[h * g.W + w])
                                                    : acc + in[h * g.W + w];
                out[oh * OW + ow] = mode == PoolMode::Max ? acc : acc * inv_area;  // mean of k²
            }
    }
}
//! [pool_forward]

//! [pool_backward]
template <class T>
void backward_t(PoolMode mode, const T* x, const T* y, const T* dy, const PoolGeometry& g,
                int64_t N, T* dx) {
    const int64_t OH = g.OH(), OW = g.OW(), planes = g.C * N;
    if (g.k == g.stride && g.pad == 0) {  // disjoint windows: each input in at most one
#pragma omp parallel for schedule(static) if (planes * g.H * g.W >= kParallelElements)
        for (int64_t pl = 0; pl < planes; ++pl) {
            const int64_t i = pl * g.H * g.W, o = pl * OH * OW;
            if (g.k == 2)
                tiled_backward<T, 2>(mode, x + i, y + o, dy + o, g.H, g.W, 2, OH, OW, dx + i);
            else
                tiled_backward<T, 0>(mode, x + i, y + o, dy + o, g.H, g.W, g.k, OH, OW, dx + i);
        }
        return;
    }
    const T inv_area = T(1) / T(g.k * g.k);
#pragma omp parallel for schedule(static) if (planes * g.H * g.W >= kParallelElements)
    for (int64_t pl = 0; pl < planes; ++pl) {
        const T* in = x + pl * g.H * g.W;
        T* din = dx + pl * g.H * g.W;
        std::fill(din, din + g.H * g.W, T(0));
        for (int64_t oh = 0; oh < OH; ++oh)
            for (int64_t ow = 0; ow < OW; ++ow) {
                const Window wd = window(g, oh, ow);
                const int64_t o = pl * OH * OW + oh * OW + ow;
                if (mode == PoolMode::Average) {  // each input of the window: dY/k²
                    for (int64_t h = wd.h0; h < wd.h1; ++h)
                        for (int64_t w = wd.w0; w < wd.w1; ++w) din[h * g.W + w] += dy[o] * inv_area;
                    continue;
                }
                // max: all of dY to the first input equal to the maximum the forward pass kept
                int64_t at = -1;
                for (int64_t h = wd.h0; h < wd.h1 && at < 0; ++h)
                    for (int64_t w = wd.w0; w < wd.w1 && at < 0; ++w)
                        if (in[h * g.W + w] == y[o]) at = h * g.W + w;
                if (at >= 0) din[at] += dy[o];
            }
    }
}
//! [pool_backward]

}  // namespace

void pool2d_forward(PoolMode mode, const Tensor& X, const PoolGeometry& g, Tensor& Y) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    if (X.dtype() == DType::F64)
        forward_t(mode, X.data<double>(), g, N, Y.data<double>());
    else
        forward_t(mode, X.data<float>(), g, N, Y.data<float>());
}

void pool2d_backward(PoolMode mode, const Tensor& X, const Tensor& Y, const Tensor& dY,
                     const PoolGeometry& g, Tensor& dX) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    if (X.dtype() == DType::F64)
        backward_t(mode, X.data<double>(), Y.data<double>(), dY.data<double>(), g, N,
                   dX.data<double>());
    else
        backward_t(mode, X.data<float>(), Y.data<float>(), dY.data<float>(), g, N,
                   dX.data<float>());
}

}  // namespace dl::cpu
