/// @file conv2d_cuda.cu
/// @brief CUDA twin of the convolution kernels (contract in conv2d.hpp).
///
/// Every kernel is one thread per element of what it writes, and *gathers* what it needs
/// (col2im and the input gradient visit the taps that read their pixel) instead of scattering
/// with atomics: the sums are then computed in a fixed order and the results do not change
/// from run to run. Sums over many elements (db, dW of the direct version) are one block per
/// output number with a shared-memory reduction.
#include "../cuda/check.cuh"
#include "conv2d.hpp"

namespace dl::cuda {

namespace {

constexpr int kRedThreads = 256;

/// Sum of every thread's v in the block (valid in every thread; all threads must call it).
__device__ float block_sum(float v, float* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
        __syncthreads();
    }
    const float total = shared[0];
    __syncthreads();
    return total;
}

struct Geo {
    int64_t C, H, W, F, k, s, p, OH, OW;
};

Geo geo(const ConvGeometry& g) { return {g.C, g.H, g.W, g.F, g.k, g.stride, g.pad, g.OH(), g.OW()}; }

#define DL_GRID_LOOP(e, n) \
    for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < (n); e += int64_t(gridDim.x) * blockDim.x)

/// Col(p + P·i, q) for every element: the input pixel tap q of output pixel p reads, or 0.
__global__ void im2col_kernel(const float* x, Geo g, int64_t G, float* col) {
    const int64_t P = g.OH * g.OW, PG = P * G, Q = g.C * g.k * g.k;
    DL_GRID_LOOP(e, PG * Q) {
        const int64_t q = e / PG, pp = e - q * PG, i = pp / P, p = pp - i * P;
        const int64_t oh = p / g.OW, ow = p - oh * g.OW;
        const int64_t kw = q % g.k, kh = (q / g.k) % g.k, c = q / (g.k * g.k);
        const int64_t h = oh * g.s - g.p + kh, w = ow * g.s - g.p + kw;
        col[e] = (h >= 0 && h < g.H && w >= 0 && w < g.W) ? x[w + g.W * (h + g.H * (c + g.C * i))]
                                                          : 0.0f;
    }
}

/// dX(w, h, c, i) = Σ of Col over the taps (kh, kw) of every output pixel that read (w, h):
/// oh = (h + p − kh)/s and ow = (w + p − kw)/s when those divide exactly and lie inside.
__global__ void col2im_kernel(const float* col, Geo g, int64_t G, float* dx) {
    const int64_t P = g.OH * g.OW, PG = P * G;
    DL_GRID_LOOP(e, g.W * g.H * g.C * G) {
        const int64_t w = e % g.W, h = (e / g.W) % g.H, c = (e / (g.W * g.H)) % g.C,
                      i = e / (g.W * g.H * g.C);
        float acc = 0.0f;
        for (int64_t kh = 0; kh < g.k; ++kh) {
            const int64_t th = h + g.p - kh;
            if (th < 0 || th % g.s) continue;
            const int64_t oh = th / g.s;
            if (oh >= g.OH) continue;
            for (int64_t kw = 0; kw < g.k; ++kw) {
                const int64_t tw = w + g.p - kw;
                if (tw < 0 || tw % g.s) continue;
                const int64_t ow = tw / g.s;
                if (ow >= g.OW) continue;
                const int64_t q = (c * g.k + kh) * g.k + kw;
                acc += col[(oh * g.OW + ow) + P * i + PG * q];
            }
        }
        dx[e] = acc;
    }
}

__global__ void unstack_kernel(const float* ys, const float* b, int64_t P, int64_t F, int64_t G,
                               float* y) {
    DL_GRID_LOOP(e, P * F * G) {
        const int64_t p = e % P, f = (e / P) % F, i = e / (P * F);
        y[e] = ys[p + P * i + P * G * f] + (b ? b[f] : 0.0f);
    }
}

__global__ void stack_kernel(const float* dy, int64_t P, int64_t F, int64_t G, float* dys) {
    DL_GRID_LOOP(e, P * G * F) {
        const int64_t pp = e % (P * G), f = e / (P * G), i = pp / P, p = pp - i * P;
        dys[e] = dy[p + P * (f + F * i)];
    }
}

/// Block f: db(f) += Σ_{i, p} dY(p, f, i).
__global__ void channel_sum_kernel(const float* dy, int64_t P, int64_t F, int64_t G, float* db) {
    __shared__ float shared[kRedThreads];
    const int64_t f = blockIdx.x;
    float acc = 0.0f;
    for (int64_t e = threadIdx.x; e < P * G; e += blockDim.x) {
        const int64_t i = e / P, p = e - i * P;
        acc += dy[p + P * (f + F * i)];
    }
    const float total = block_sum(acc, shared);
    if (threadIdx.x == 0) db[f] += total;
}

__global__ void direct_forward_kernel(const float* x, const float* w, const float* b, Geo g,
                                      int64_t N, float* y) {
    DL_GRID_LOOP(e, g.OW * g.OH * g.F * N) {
        const int64_t ow = e % g.OW, oh = (e / g.OW) % g.OH, f = (e / (g.OW * g.OH)) % g.F,
                      n = e / (g.OW * g.OH * g.F);
        float z = b ? b[f] : 0.0f;
        for (int64_t c = 0; c < g.C; ++c)
            for (int64_t kh = 0; kh < g.k; ++kh) {
                const int64_t h = oh * g.s - g.p + kh;
                if (h < 0 || h >= g.H) continue;
                for (int64_t kw = 0; kw < g.k; ++kw) {
                    const int64_t wx = ow * g.s - g.p + kw;
                    if (wx < 0 || wx >= g.W) continue;
                    z += w[kw + g.k * (kh + g.k * (c + g.C * f))] *
                         x[wx + g.W * (h + g.H * (c + g.C * n))];
                }
            }
        y[e] = z;
    }
}

/// Block = one weight (kw, kh, c, f): dW += Σ_n Σ_oh Σ_ow dY · X.
__global__ void direct_dw_kernel(const float* dy, const float* x, Geo g, int64_t N, float* dw) {
    __shared__ float shared[kRedThreads];
    const int64_t e = blockIdx.x;
    const int64_t kw = e % g.k, kh = (e / g.k) % g.k, c = (e / (g.k * g.k)) % g.C,
                  f = e / (g.k * g.k * g.C);
    const int64_t PO = g.OH * g.OW;
    float acc = 0.0f;
    for (int64_t t = threadIdx.x; t < N * PO; t += blockDim.x) {
        const int64_t n = t / PO, p = t - n * PO, oh = p / g.OW, ow = p - oh * g.OW;
        const int64_t h = oh * g.s - g.p + kh, wx = ow * g.s - g.p + kw;
        if (h < 0 || h >= g.H || wx < 0 || wx >= g.W) continue;
        acc += dy[ow + g.OW * (oh + g.OH * (f + g.F * n))] * x[wx + g.W * (h + g.H * (c + g.C * n))];
    }
    const float total = block_sum(acc, shared);
    if (threadIdx.x == 0) dw[e] += total;
}

/// dX(w, h, c, n) = Σ_f Σ_(kh, kw) W(kw, kh, c, f) · dY(ow, oh, f, n) over the output pixels
/// whose window covers (w, h).
__global__ void direct_dx_kernel(const float* dy, const float* w, Geo g, int64_t N, float* dx) {
    DL_GRID_LOOP(e, g.W * g.H * g.C * N) {
        const int64_t x0 = e % g.W, h = (e / g.W) % g.H, c = (e / (g.W * g.H)) % g.C,
                      n = e / (g.W * g.H * g.C);
        float acc = 0.0f;
        for (int64_t f = 0; f < g.F; ++f)
            for (int64_t kh = 0; kh < g.k; ++kh) {
                const int64_t th = h + g.p - kh;
                if (th < 0 || th % g.s || th / g.s >= g.OH) continue;
                const int64_t oh = th / g.s;
                for (int64_t kw = 0; kw < g.k; ++kw) {
                    const int64_t tw = x0 + g.p - kw;
                    if (tw < 0 || tw % g.s || tw / g.s >= g.OW) continue;
                    const int64_t ow = tw / g.s;
                    acc += w[kw + g.k * (kh + g.k * (c + g.C * f))] *
                           dy[ow + g.OW * (oh + g.OH * (f + g.F * n))];
                }
            }
        dx[e] = acc;
    }
}

const float* fp(const Tensor* t) { return t ? t->data<float>() : nullptr; }

}  // namespace

void im2col(const Tensor& X, const ConvGeometry& g, Tensor& Col) {
    const int64_t G = X.numel() / (g.C * g.H * g.W);
    im2col_kernel<<<blocks_for(Col.numel()), kThreads>>>(X.data<float>(), geo(g), G,
                                                         Col.data<float>());
    DL_CUDA_CHECK_LAUNCH("im2col");
}

void col2im(const Tensor& Col, const ConvGeometry& g, Tensor& dX) {
    const int64_t G = dX.numel() / (g.C * g.H * g.W);
    col2im_kernel<<<blocks_for(dX.numel()), kThreads>>>(Col.data<float>(), geo(g), G,
                                                        dX.data<float>());
    DL_CUDA_CHECK_LAUNCH("col2im");
}

void conv2d_unstack(const Tensor& Ys, const Tensor* b, const ConvGeometry& g, Tensor& Y) {
    const int64_t P = g.P(), G = Y.numel() / (g.F * P);
    unstack_kernel<<<blocks_for(Y.numel()), kThreads>>>(Ys.data<float>(), fp(b), P, g.F, G,
                                                        Y.data<float>());
    DL_CUDA_CHECK_LAUNCH("conv2d_unstack");
}

void conv2d_stack(const Tensor& dY, const ConvGeometry& g, Tensor& dYs, Tensor* db) {
    const int64_t P = g.P(), G = dY.numel() / (g.F * P);
    stack_kernel<<<blocks_for(dYs.numel()), kThreads>>>(dY.data<float>(), P, g.F, G,
                                                        dYs.data<float>());
    DL_CUDA_CHECK_LAUNCH("conv2d_stack");
    if (db) {
        channel_sum_kernel<<<static_cast<unsigned>(g.F), kRedThreads>>>(dY.data<float>(), P, g.F,
                                                                         G, db->data<float>());
        DL_CUDA_CHECK_LAUNCH("conv2d_stack (db)");
    }
}

void conv2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                           const ConvGeometry& g, Tensor& Y) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    direct_forward_kernel<<<blocks_for(Y.numel()), kThreads>>>(X.data<float>(), Wt.data<float>(),
                                                               fp(b), geo(g), N, Y.data<float>());
    DL_CUDA_CHECK_LAUNCH("conv2d_direct_forward");
}

void conv2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                            const ConvGeometry& g, Tensor* dX, Tensor& dW, Tensor* db) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    direct_dw_kernel<<<static_cast<unsigned>(dW.numel()), kRedThreads>>>(
        dY.data<float>(), X.data<float>(), geo(g), N, dW.data<float>());
    DL_CUDA_CHECK_LAUNCH("conv2d_direct_backward (dW)");
    if (db) {
        channel_sum_kernel<<<static_cast<unsigned>(g.F), kRedThreads>>>(
            dY.data<float>(), g.P(), g.F, N, db->data<float>());
        DL_CUDA_CHECK_LAUNCH("conv2d_direct_backward (db)");
    }
    if (dX) {
        direct_dx_kernel<<<blocks_for(dX->numel()), kThreads>>>(dY.data<float>(), Wt.data<float>(),
                                                                geo(g), N, dX->data<float>());
        DL_CUDA_CHECK_LAUNCH("conv2d_direct_backward (dX)");
    }
}

}  // namespace dl::cuda
