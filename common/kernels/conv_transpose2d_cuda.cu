/// @file conv_transpose2d_cuda.cu
/// @brief CUDA twin of the transposed-convolution kernels (contract in conv_transpose2d.hpp).
///
/// One thread per element of what a kernel writes, each *gathering* what it needs: an output
/// pixel visits the input pixels whose stamp covers it (the forward pass's scatter turned
/// around), an input pixel the outputs its stamp touched. Sums over many elements (dW, db) are
/// one block per output number with a shared-memory reduction. No atomics: the sums run in a
/// fixed order and the results do not change from run to run.
#include "../cuda/check.cuh"
#include "conv_transpose2d.hpp"

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

Geo geo(const ConvTransposeGeometry& g) {
    return {g.C, g.H, g.W, g.F, g.k, g.stride, g.pad, g.OH(), g.OW()};
}

#define DL_GRID_LOOP(e, n) \
    for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < (n); e += int64_t(gridDim.x) * blockDim.x)

/// Y(ow, oh, co, n) = b(co) + Σ W(kw, kh, co, ci) · X(iw, ih, ci, n) over the taps with
/// ih = (oh + p − kh)/s and iw = (ow + p − kw)/s whole and inside the input.
__global__ void forward_kernel(const float* x, const float* w, const float* b, Geo g, int64_t N,
                               float* y) {
    DL_GRID_LOOP(e, g.OW * g.OH * g.F * N) {
        const int64_t ow = e % g.OW, oh = (e / g.OW) % g.OH, co = (e / (g.OW * g.OH)) % g.F,
                      n = e / (g.OW * g.OH * g.F);
        float z = b ? b[co] : 0.0f;
        for (int64_t kh = 0; kh < g.k; ++kh) {
            const int64_t th = oh + g.p - kh;
            if (th < 0 || th % g.s || th / g.s >= g.H) continue;
            const int64_t ih = th / g.s;
            for (int64_t kw = 0; kw < g.k; ++kw) {
                const int64_t tw = ow + g.p - kw;
                if (tw < 0 || tw % g.s || tw / g.s >= g.W) continue;
                const int64_t iw = tw / g.s;
                for (int64_t ci = 0; ci < g.C; ++ci)
                    z += w[kw + g.k * (kh + g.k * (co + g.F * ci))] *
                         x[iw + g.W * (ih + g.H * (ci + g.C * n))];
            }
        }
        y[e] = z;
    }
}

/// dX(iw, ih, ci, n) = Σ_co Σ_(kh, kw) W(kw, kh, co, ci) · dY(iw·s − p + kw, ih·s − p + kh, co, n).
__global__ void dx_kernel(const float* dy, const float* w, Geo g, int64_t N, float* dx) {
    DL_GRID_LOOP(e, g.W * g.H * g.C * N) {
        const int64_t iw = e % g.W, ih = (e / g.W) % g.H, ci = (e / (g.W * g.H)) % g.C,
                      n = e / (g.W * g.H * g.C);
        float acc = 0.0f;
        for (int64_t co = 0; co < g.F; ++co)
            for (int64_t kh = 0; kh < g.k; ++kh) {
                const int64_t oh = ih * g.s - g.p + kh;
                if (oh < 0 || oh >= g.OH) continue;
                for (int64_t kw = 0; kw < g.k; ++kw) {
                    const int64_t ow = iw * g.s - g.p + kw;
                    if (ow < 0 || ow >= g.OW) continue;
                    acc += w[kw + g.k * (kh + g.k * (co + g.F * ci))] *
                           dy[ow + g.OW * (oh + g.OH * (co + g.F * n))];
                }
            }
        dx[e] = acc;
    }
}

/// Block = one weight (kw, kh, co, ci): dW += Σ_n Σ_ih Σ_iw X · dY at the pixel it stamps.
__global__ void dw_kernel(const float* dy, const float* x, Geo g, int64_t N, float* dw) {
    __shared__ float shared[kRedThreads];
    const int64_t e = blockIdx.x;
    const int64_t kw = e % g.k, kh = (e / g.k) % g.k, co = (e / (g.k * g.k)) % g.F,
                  ci = e / (g.k * g.k * g.F);
    const int64_t PI = g.H * g.W;
    float acc = 0.0f;
    for (int64_t t = threadIdx.x; t < N * PI; t += blockDim.x) {
        const int64_t n = t / PI, q = t - n * PI, ih = q / g.W, iw = q - ih * g.W;
        const int64_t oh = ih * g.s - g.p + kh, ow = iw * g.s - g.p + kw;
        if (oh < 0 || oh >= g.OH || ow < 0 || ow >= g.OW) continue;
        acc += x[iw + g.W * (ih + g.H * (ci + g.C * n))] *
               dy[ow + g.OW * (oh + g.OH * (co + g.F * n))];
    }
    const float total = block_sum(acc, shared);
    if (threadIdx.x == 0) dw[e] += total;
}

/// Y(i, c, n) += b(c).
__global__ void bias_add_kernel(float* y, const float* b, int64_t inner, int64_t C, int64_t total) {
    DL_GRID_LOOP(e, total) y[e] += b[(e / inner) % C];
}

/// Block c: db(c) += Σ_{n, i} dY(i, c, n).
__global__ void bias_grad_kernel(const float* dy, int64_t inner, int64_t C, int64_t N, float* db) {
    __shared__ float shared[kRedThreads];
    const int64_t c = blockIdx.x;
    float acc = 0.0f;
    for (int64_t e = threadIdx.x; e < inner * N; e += blockDim.x) {
        const int64_t n = e / inner, i = e - n * inner;
        acc += dy[i + inner * (c + C * n)];
    }
    const float total = block_sum(acc, shared);
    if (threadIdx.x == 0) db[c] += total;
}

const float* fp(const Tensor* t) { return t ? t->data<float>() : nullptr; }

}  // namespace

void conv_transpose2d_direct_forward(const Tensor& X, const Tensor& Wt, const Tensor* b,
                                     const ConvTransposeGeometry& g, Tensor& Y) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    forward_kernel<<<blocks_for(Y.numel()), kThreads>>>(X.data<float>(), Wt.data<float>(), fp(b),
                                                        geo(g), N, Y.data<float>());
    DL_CUDA_CHECK_LAUNCH("conv_transpose2d_direct_forward");
}

void conv_transpose2d_direct_backward(const Tensor& dY, const Tensor& X, const Tensor& Wt,
                                      const ConvTransposeGeometry& g, Tensor* dX, Tensor& dW,
                                      Tensor* db) {
    const int64_t N = X.numel() / (g.C * g.H * g.W);
    dw_kernel<<<static_cast<unsigned>(dW.numel()), kRedThreads>>>(dY.data<float>(), X.data<float>(),
                                                                  geo(g), N, dW.data<float>());
    DL_CUDA_CHECK_LAUNCH("conv_transpose2d_direct_backward (dW)");
    if (db) {
        const int64_t inner = g.OH() * g.OW();
        bias_grad_kernel<<<static_cast<unsigned>(g.F), kRedThreads>>>(dY.data<float>(), inner, g.F,
                                                                      N, db->data<float>());
        DL_CUDA_CHECK_LAUNCH("conv_transpose2d_direct_backward (db)");
    }
    if (dX) {
        dx_kernel<<<blocks_for(dX->numel()), kThreads>>>(dY.data<float>(), Wt.data<float>(), geo(g),
                                                         N, dX->data<float>());
        DL_CUDA_CHECK_LAUNCH("conv_transpose2d_direct_backward (dX)");
    }
}

void channel_bias_add(Tensor& Y, const Tensor& b, int64_t inner) {
    if (Y.numel() == 0) return;
    bias_add_kernel<<<blocks_for(Y.numel()), kThreads>>>(Y.data<float>(), b.data<float>(), inner,
                                                         b.numel(), Y.numel());
    DL_CUDA_CHECK_LAUNCH("channel_bias_add");
}

void channel_bias_grad(const Tensor& dY, int64_t inner, Tensor& db) {
    const int64_t C = db.numel(), N = dY.numel() / (inner * C);
    bias_grad_kernel<<<static_cast<unsigned>(C), kRedThreads>>>(dY.data<float>(), inner, C, N,
                                                                db.data<float>());
    DL_CUDA_CHECK_LAUNCH("channel_bias_grad");
}

}  // namespace dl::cuda
