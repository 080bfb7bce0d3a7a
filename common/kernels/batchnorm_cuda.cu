/// @file batchnorm_cuda.cu
/// @brief CUDA twin of dl::batchnorm_forward / batchnorm_backward (contract in batchnorm.hpp).
///
/// The per-channel sums are one block per channel: the block's threads stride over the
/// channel's N = inner·outer elements (element k is run k / inner, position k % inner) and
/// combine their partial sums in shared memory. The elementwise parts (y = a·x + d, and
/// dx = k1·dy + k2·x + k3) are one thread per element, reading the channel's coefficients.
#include "../cuda/check.cuh"
#include "batchnorm.hpp"

namespace dl::cuda {

namespace {

constexpr int kBnThreads = 256;

/// The sum of every thread's `v` in the block (valid in thread 0; all threads must call it).
__device__ float block_sum(float v, float* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
        __syncthreads();
    }
    const float total = shared[0];
    __syncthreads();  // shared[] is reused by the next call
    return total;
}

__device__ __forceinline__ int64_t element(int64_t k, int64_t inner, int64_t C, int64_t c) {
    const int64_t o = k / inner, i = k - o * inner;
    return i + inner * (c + C * o);
}

/// Block c: μ_c and σ²_c (two passes), the running averages, mean[c] and inv_std[c].
__global__ void bn_stats_kernel(const float* x, int64_t inner, int64_t C, int64_t outer,
                                bool training, float eps, float momentum, float* mean,
                                float* inv_std, float* rm, float* rv) {
    __shared__ float shared[kBnThreads];
    const int64_t c = blockIdx.x, N = inner * outer;
    float m, var;
    if (training) {
        float acc = 0.0f;
        for (int64_t k = threadIdx.x; k < N; k += blockDim.x) acc += x[element(k, inner, C, c)];
        m = block_sum(acc, shared) / float(N);
        acc = 0.0f;
        for (int64_t k = threadIdx.x; k < N; k += blockDim.x) {
            const float d = x[element(k, inner, C, c)] - m;
            acc += d * d;
        }
        var = block_sum(acc, shared) / float(N);
        if (threadIdx.x == 0) {
            const float unbiased = N > 1 ? var * float(N) / float(N - 1) : var;
            rm[c] = (1.0f - momentum) * rm[c] + momentum * m;
            rv[c] = (1.0f - momentum) * rv[c] + momentum * unbiased;
        }
    } else {
        m = rm[c];
        var = rv[c];
    }
    if (threadIdx.x == 0) {
        mean[c] = m;
        inv_std[c] = 1.0f / sqrtf(var + eps);
    }
}

/// y = γ·(x − μ)·inv + β per element.
__global__ void bn_apply_kernel(const float* x, float* y, int64_t inner, int64_t C, int64_t n,
                                const float* gamma, const float* beta, const float* mean,
                                const float* inv_std) {
    for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < n;
         k += int64_t(gridDim.x) * blockDim.x) {
        const int64_t c = (k / inner) % C;
        y[k] = gamma[c] * (x[k] - mean[c]) * inv_std[c] + beta[c];
    }
}

/// Block c: Σ dy and Σ dy·x̂ into sums, and added to dβ and dγ.
__global__ void bn_grad_sums_kernel(const float* dy, const float* x, int64_t inner, int64_t C,
                                    int64_t outer, const float* mean, const float* inv_std,
                                    float* sums, float* dgamma, float* dbeta) {
    __shared__ float shared[kBnThreads];
    const int64_t c = blockIdx.x, N = inner * outer;
    const float m = mean[c];
    float a1 = 0.0f, a2 = 0.0f;
    for (int64_t k = threadIdx.x; k < N; k += blockDim.x) {
        const int64_t e = element(k, inner, C, c);
        a1 += dy[e];
        a2 += dy[e] * (x[e] - m);
    }
    const float s1 = block_sum(a1, shared);
    const float s2 = block_sum(a2, shared) * inv_std[c];
    if (threadIdx.x == 0) {
        sums[c] = s1;
        sums[C + c] = s2;
        dbeta[c] += s1;
        dgamma[c] += s2;
    }
}

/// dx = γ·inv·(dy − Σdy/N − x̂·Σdy·x̂/N) in training, γ·inv·dy in evaluation.
__global__ void bn_dx_kernel(const float* dy, const float* x, float* dx, int64_t inner,
                             int64_t C, int64_t n, float N, bool training, const float* gamma,
                             const float* mean, const float* inv_std, const float* sums) {
    for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < n;
         k += int64_t(gridDim.x) * blockDim.x) {
        const int64_t c = (k / inner) % C;
        const float gi = gamma[c] * inv_std[c];
        if (training) {
            const float xhat = (x[k] - mean[c]) * inv_std[c];
            dx[k] = gi * (dy[k] - sums[c] / N - xhat * sums[C + c] / N);
        } else {
            dx[k] = gi * dy[k];
        }
    }
}

}  // namespace

void batchnorm_forward(const Tensor& X, const Tensor& gamma, const Tensor& beta,
                       const ChannelView& v, const BatchNormSettings& s, Tensor& Y, Tensor& mean,
                       Tensor& inv_std, Tensor& running_mean, Tensor& running_var) {
    bn_stats_kernel<<<static_cast<unsigned>(v.channels), kBnThreads>>>(
        X.data<float>(), v.inner, v.channels, v.outer, s.training, float(s.eps),
        float(s.momentum), mean.data<float>(), inv_std.data<float>(), running_mean.data<float>(),
        running_var.data<float>());
    DL_CUDA_CHECK_LAUNCH("batchnorm_forward (statistics)");
    bn_apply_kernel<<<blocks_for(v.numel()), kThreads>>>(
        X.data<float>(), Y.data<float>(), v.inner, v.channels, v.numel(), gamma.data<float>(),
        beta.data<float>(), mean.data<float>(), inv_std.data<float>());
    DL_CUDA_CHECK_LAUNCH("batchnorm_forward (apply)");
}

void batchnorm_backward(const Tensor& dY, const Tensor& X, const Tensor& gamma,
                        const Tensor& mean, const Tensor& inv_std, const ChannelView& v,
                        bool training, Tensor* dX, Tensor& dgamma, Tensor& dbeta, Tensor& sums) {
    bn_grad_sums_kernel<<<static_cast<unsigned>(v.channels), kBnThreads>>>(
        dY.data<float>(), X.data<float>(), v.inner, v.channels, v.outer, mean.data<float>(),
        inv_std.data<float>(), sums.data<float>(), dgamma.data<float>(), dbeta.data<float>());
    DL_CUDA_CHECK_LAUNCH("batchnorm_backward (sums)");
    if (!dX) return;
    bn_dx_kernel<<<blocks_for(v.numel()), kThreads>>>(
        dY.data<float>(), X.data<float>(), dX->data<float>(), v.inner, v.channels, v.numel(),
        float(v.per_channel()), training, gamma.data<float>(), mean.data<float>(),
        inv_std.data<float>(), sums.data<float>());
    DL_CUDA_CHECK_LAUNCH("batchnorm_backward (dx)");
}

}  // namespace dl::cuda
