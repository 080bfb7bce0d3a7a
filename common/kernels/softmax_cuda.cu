/// @file softmax_cuda.cu
/// @brief CUDA twin of dl::softmax / softmax_cross_entropy (contract in softmax.hpp).
///
/// A group of G threads per column (sample), G the smallest power of two >= K, at most a warp
/// (32): a warp holds 32/G columns. The group's threads take the column's K entries in turn
/// (thread t reads z[t], z[t + G], …: neighbouring threads read neighbouring addresses), and
/// the column's max and Σ e^{z − max} are combined across the group by warp shuffles
/// (__shfl_xor_sync, a butterfly: every thread ends with the same bits). So K = 10 uses 16
/// threads per column and a 1,000-word vocabulary (chapter 7) a full warp per column reading
/// 128 bytes at a time, where one thread per column would read each column alone, three times,
/// K floats apart from its neighbours.
#include <math_constants.h>

#include "../cuda/check.cuh"
#include "softmax.hpp"

namespace dl::cuda {

namespace {

/// Threads per column: the smallest power of two >= K, at most 32.
int group_size(int64_t K) {
    int G = 1;
    while (G < K && G < 32) G <<= 1;
    return G;
}

__device__ __forceinline__ float group_max(float v, int G) {
    for (int o = G / 2; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o, G));
    return v;
}
__device__ __forceinline__ float group_sum(float v, int G) {
    for (int o = G / 2; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o, G);
    return v;
}

/// Calls body(j, t, active) for every column j handled by this thread's group, t being the
/// thread's rank in its group. Every thread of a warp takes the same number of iterations
/// (columns past m run with active = false), because the shuffles need the whole warp.
template <class Body>
__device__ __forceinline__ void for_each_column(int64_t m, int G, Body body) {
    const int lane = threadIdx.x & 31;
    const int64_t per_warp = 32 / G;
    const int64_t warp = (int64_t(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
    const int64_t warps = int64_t(gridDim.x) * (blockDim.x / 32);
    for (int64_t base = warp * per_warp; base < m; base += warps * per_warp) {
        const int64_t j = base + lane / G;
        body(j, lane % G, j < m);
    }
}

/// max_k z_k and Σ_k e^{z_k − max} of column z, combined over the group.
__device__ __forceinline__ void column_max_sum(const float* z, int64_t K, int t, int G, bool active,
                                               float& mx, float& s) {
    mx = -CUDART_INF_F;
    if (active)
        for (int64_t k = t; k < K; k += G) mx = fmaxf(mx, z[k]);
    mx = group_max(mx, G);
    s = 0.0f;
    if (active)
        for (int64_t k = t; k < K; k += G) s += expf(z[k] - mx);
    s = group_sum(s, G);
}

__global__ void softmax_kernel(const float* Z, float* A, int64_t K, int64_t m, int G) {
    for_each_column(m, G, [&](int64_t j, int t, bool active) {
        const float* z = Z + j * K;
        float mx, s;
        column_max_sum(z, K, t, G, active, mx, s);
        if (!active) return;
        const float inv = 1.0f / s;
        float* a = A + j * K;
        for (int64_t k = t; k < K; k += G) a[k] = expf(z[k] - mx) * inv;  // A may be Z
    });
}

__global__ void softmax_xent_kernel(const float* Z, const float* Y, float* A, float* L, float* dZ,
                                    int64_t K, int64_t m, int G) {
    for_each_column(m, G, [&](int64_t j, int t, bool active) {
        const float* z = Z + j * K;
        const float* y = Y + j * K;
        float mx, s;
        column_max_sum(z, K, t, G, active, mx, s);
        const float log_s = logf(s);
        float loss = 0.0f;
        if (active)
            for (int64_t k = t; k < K; k += G) {
                // L = −Σ_k y_k·log a_k with log a_k = (z_k − max) − log Σ e^{z − max}.
                const float log_a = (z[k] - mx) - log_s;
                const float yk = y[k];
                if (yk != 0.0f) loss -= yk * log_a;
                const float ak = expf(log_a);
                A[j * K + k] = ak;
                dZ[j * K + k] = ak - yk;  // dZ may be Z: z[k] is not read again
            }
        loss = group_sum(loss, G);
        if (active && t == 0) L[j] = loss;
    });
}

unsigned blocks_for_columns(int64_t m, int G) {
    const int64_t columns_per_block = int64_t(kThreads / 32) * (32 / G);
    return blocks_for((m + columns_per_block - 1) / columns_per_block, 1);
}

}  // namespace

void softmax(const Tensor& Z, Tensor& A) {
    if (Z.empty()) return;
    const int G = group_size(Z.rows());
    softmax_kernel<<<blocks_for_columns(Z.cols(), G), kThreads>>>(Z.data<float>(), A.data<float>(),
                                                                  Z.rows(), Z.cols(), G);
    DL_CUDA_CHECK_LAUNCH("softmax");
}

void softmax_cross_entropy(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) {
    if (Z.empty()) return;
    const int G = group_size(Z.rows());
    softmax_xent_kernel<<<blocks_for_columns(Z.cols(), G), kThreads>>>(
        Z.data<float>(), Y.data<float>(), A.data<float>(), L.data<float>(), dZ.data<float>(),
        Z.rows(), Z.cols(), G);
    DL_CUDA_CHECK_LAUNCH("softmax_cross_entropy");
}

}  // namespace dl::cuda
