/// @file unscale_cuda.cu
/// @brief CUDA twin of dl::unscale_check (contract in unscale.hpp).
#include "../cuda/check.cuh"
#include "half_cuda.cuh"
#include "unscale.hpp"

namespace dl::cuda {

namespace {
/// One pass: every thread unscales its elements; a thread that meets a non-finite one writes 1
/// to found_inf (any number of threads may write the same 1: no atomics needed).
template <class T>
__global__ void unscale_kernel(const T* G, float* G32, int64_t n, float s, float* found_inf) {
    bool bad = false;
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        const float g = to_float(G[i]);
        bad |= !isfinite(g);
        G32[i] = g * s;
    }
    if (bad) *found_inf = 1.0f;
}
}  // namespace

void unscale_check(const Tensor& G, Tensor& G32, double inv_scale, Tensor& found_inf) {
    if (G.empty()) return;
    const float s = static_cast<float>(inv_scale);
    with_type(G.dtype(), [&](auto t) {
        using T = decltype(t);
        unscale_kernel<T><<<blocks_for(G.numel()), kThreads>>>(
            static_cast<const T*>(G.raw()), G32.data<float>(), G.numel(), s, found_inf.data<float>());
    });
    DL_CUDA_CHECK_LAUNCH("unscale_check");
}

}  // namespace dl::cuda
