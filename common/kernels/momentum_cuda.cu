/// @file momentum_cuda.cu
/// @brief CUDA twin of dl::momentum_update (contract in momentum.hpp).
#include "../cuda/check.cuh"
#include "momentum.hpp"
#include "optimizer_math.hpp"

namespace dl::cuda {

namespace {
__global__ void momentum_kernel(float* W, const float* dW, float* V, int64_t n, float lr,
                                float beta) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        float w = W[i], v = V[i];
        math::momentum_step(w, v, dW[i], lr, beta);
        W[i] = w;
        V[i] = v;
    }
}
}  // namespace

void momentum_update(Tensor& W, const Tensor& dW, Tensor& V, double lr, double beta) {
    if (W.empty()) return;
    momentum_kernel<<<blocks_for(W.numel()), kThreads>>>(W.data<float>(), dW.data<float>(),
                                                         V.data<float>(), W.numel(), lr, beta);
    DL_CUDA_CHECK_LAUNCH("momentum_update");
}

}  // namespace dl::cuda
