/// @file sequence_xent_cuda.cu
/// @brief CUDA twin of dl::softmax_cross_entropy_ids (contract in sequence_xent.hpp).
///
/// One warp (32 threads) per column: the lanes stride through the K logits together (coalesced
/// reads even for a vocabulary of thousands), and the column's maximum and Σ e^{z − max} are
/// combined across the warp with shuffles. Eight columns per block of 256 threads.
#include "../cuda/check.cuh"
#include "sequence_xent.hpp"

namespace dl::cuda {

namespace {

constexpr int kWarp = 32;

__device__ float warp_max(float v) {
    for (int o = kWarp / 2; o > 0; o /= 2) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}
__device__ float warp_sum(float v) {
    for (int o = kWarp / 2; o > 0; o /= 2) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__global__ void xent_ids_kernel(const float* Z, const float* ids, float* L, float* dZ, int64_t K,
                                int64_t N) {
    const int lane = threadIdx.x % kWarp;
    const int64_t warps = int64_t(gridDim.x) * (blockDim.x / kWarp);
    for (int64_t j = blockIdx.x * int64_t(blockDim.x / kWarp) + threadIdx.x / kWarp; j < N;
         j += warps) {  // the whole warp takes the same j, so the shuffles see all 32 lanes
        const float* z = Z + j * K;
        float* dz = dZ + j * K;
        const float v = ids[j];
        const bool ok = v >= 0.0f && v < float(K) && floorf(v) == v;
        const int64_t y = ok ? static_cast<int64_t>(v) : 0;
        float mx = -INFINITY;
        for (int64_t k = lane; k < K; k += kWarp) mx = fmaxf(mx, z[k]);
        mx = warp_max(mx);
        float s = 0.0f;
        for (int64_t k = lane; k < K; k += kWarp) s += expf(z[k] - mx);
        s = warp_sum(s);
        const float zy = z[y];
        __syncwarp();  // every lane has read z[y] before dZ (which may be Z) is written
        const float inv = 1.0f / s;
        for (int64_t k = lane; k < K; k += kWarp)
            dz[k] = expf(z[k] - mx) * inv - (ok && k == y ? 1.0f : 0.0f);
        if (lane == 0) L[j] = ok ? logf(s) + mx - zy : NAN;
    }
}

}  // namespace

void softmax_cross_entropy_ids(const Tensor& Z, const Tensor& ids, Tensor& L, Tensor& dZ) {
    const int64_t N = Z.cols();
    if (N == 0) return;
    const int per_block = kThreads / kWarp;
    const unsigned blocks = blocks_for(N, per_block);
    xent_ids_kernel<<<blocks, kThreads>>>(Z.data<float>(), ids.data<float>(), L.data<float>(),
                                          dZ.data<float>(), Z.rows(), N);
    DL_CUDA_CHECK_LAUNCH("softmax_cross_entropy_ids");
}

}  // namespace dl::cuda
