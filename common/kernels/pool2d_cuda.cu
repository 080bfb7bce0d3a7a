/// @file pool2d_cuda.cu
/// @brief CUDA twin of dl::pool2d_forward / pool2d_backward (contract in pool2d.hpp).
///
/// Forward: one thread per output. Backward: one thread per *input*, which visits the (at most
/// ⌈k/s⌉² ) windows that contain it and adds their gradient when it is their average share or
/// their (first) maximum: a gather in a fixed order, so no atomics and the same result on every
/// run.
#include <cmath>

#include "../cuda/check.cuh"
#include "pool2d.hpp"

namespace dl::cuda {

namespace {

struct Geo {
    int64_t H, W, k, s, p, OH, OW;
};

__global__ void pool_forward_kernel(bool is_max, const float* x, Geo g, int64_t planes,
                                    float* y) {
    const int64_t n = planes * g.OH * g.OW;
    for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < n;
         e += int64_t(gridDim.x) * blockDim.x) {
        const int64_t ow = e % g.OW, oh = (e / g.OW) % g.OH, pl = e / (g.OW * g.OH);
        const float* in = x + pl * g.H * g.W;
        const int64_t hs = oh * g.s - g.p, ws = ow * g.s - g.p;
        float acc = is_max ? -INFINITY : 0.0f;
        for (int64_t h = max(hs, int64_t(0)); h < min(hs + g.k, g.H); ++h)
            for (int64_t w = max(ws, int64_t(0)); w < min(ws + g.k, g.W); ++w)
                acc = is_max ? fmaxf(acc, in[h * g.W + w]) : acc + in[h * g.W + w];
        y[e] = is_max ? acc : acc / float(g.k * g.k);
    }
}

/// The first input (row-major) of window (oh, ow) of plane `in` equal to m, as h·W + w; −1 if
/// none is.
__device__ int64_t first_max(const float* in, Geo g, int64_t oh, int64_t ow, float m) {
    const int64_t hs = oh * g.s - g.p, ws = ow * g.s - g.p;
    for (int64_t h = max(hs, int64_t(0)); h < min(hs + g.k, g.H); ++h)
        for (int64_t w = max(ws, int64_t(0)); w < min(ws + g.k, g.W); ++w)
            if (in[h * g.W + w] == m) return h * g.W + w;
    return -1;
}

__global__ void pool_backward_kernel(bool is_max, const float* x, const float* y,
                                     const float* dy, Geo g, int64_t planes, float* dx) {
    const int64_t n = planes * g.H * g.W;
    for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < n;
         e += int64_t(gridDim.x) * blockDim.x) {
        const int64_t w = e % g.W, h = (e / g.W) % g.H, pl = e / (g.W * g.H);
        const float* in = x + pl * g.H * g.W;
        // Windows containing row h: oh·s − p ≤ h < oh·s − p + k.
        const int64_t oh0 = h + g.p - g.k + 1 > 0 ? (h + g.p - g.k + 1 + g.s - 1) / g.s : 0;
        const int64_t oh1 = min((h + g.p) / g.s + 1, g.OH);
        const int64_t ow0 = w + g.p - g.k + 1 > 0 ? (w + g.p - g.k + 1 + g.s - 1) / g.s : 0;
        const int64_t ow1 = min((w + g.p) / g.s + 1, g.OW);
        float acc = 0.0f;
        for (int64_t oh = oh0; oh < oh1; ++oh)
            for (int64_t ow = ow0; ow < ow1; ++ow) {
                const int64_t o = pl * g.OH * g.OW + oh * g.OW + ow;
                if (!is_max)
                    acc += dy[o] / float(g.k * g.k);
                else if (first_max(in, g, oh, ow, y[o]) == h * g.W + w)
                    acc += dy[o];
            }
        dx[e] = acc;
    }
}

Geo geo(const PoolGeometry& g) { return {g.H, g.W, g.k, g.stride, g.pad, g.OH(), g.OW()}; }

}  // namespace

void pool2d_forward(PoolMode mode, const Tensor& X, const PoolGeometry& g, Tensor& Y) {
    const int64_t planes = X.numel() / (g.H * g.W);
    pool_forward_kernel<<<blocks_for(Y.numel()), kThreads>>>(mode == PoolMode::Max,
                                                             X.data<float>(), geo(g), planes,
                                                             Y.data<float>());
    DL_CUDA_CHECK_LAUNCH("pool2d_forward");
}

void pool2d_backward(PoolMode mode, const Tensor& X, const Tensor& Y, const Tensor& dY,
                     const PoolGeometry& g, Tensor& dX) {
    const int64_t planes = X.numel() / (g.H * g.W);
    pool_backward_kernel<<<blocks_for(dX.numel()), kThreads>>>(
        mode == PoolMode::Max, X.data<float>(), Y.data<float>(), dY.data<float>(), geo(g), planes,
        dX.data<float>());
    DL_CUDA_CHECK_LAUNCH("pool2d_backward");
}

}  // namespace dl::cuda
