/// @file adagrad_cuda.cu
/// @brief CUDA twin of dl::adagrad_update (contract in adagrad.hpp).
#include "../cuda/check.cuh"
#include "adagrad.hpp"
#include "optimizer_math.hpp"

namespace dl::cuda {

namespace {
__global__ void adagrad_kernel(float* W, const float* dW, float* G, int64_t n, float lr,
                               float eps) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        float w = W[i], g = G[i];
        math::adagrad_step(w, g, dW[i], lr, eps);
        W[i] = w;
        G[i] = g;
    }
}
}  // namespace

void adagrad_update(Tensor& W, const Tensor& dW, Tensor& G, double lr, double eps) {
    if (W.empty()) return;
    adagrad_kernel<<<blocks_for(W.numel()), kThreads>>>(W.data<float>(), dW.data<float>(),
                                                        G.data<float>(), W.numel(),
                                                        static_cast<float>(lr),
                                                        static_cast<float>(eps));
    DL_CUDA_CHECK_LAUNCH("adagrad_update");
}

}  // namespace dl::cuda
