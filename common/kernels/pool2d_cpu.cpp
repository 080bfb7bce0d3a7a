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

//! [pool_forward]
template <class T>
void forward_t(PoolMode mode, const T* x, const PoolGeometry& g, int64_t N, T* y) {
    const int64_t OH = g.OH(), OW = g.OW(), planes = g.C * N;
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
