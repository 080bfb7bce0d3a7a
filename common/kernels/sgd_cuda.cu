/// @file sgd_cuda.cu
/// @brief CUDA twin of dl::sgd_update (contract in sgd.hpp).
#include "../cuda/check.cuh"
#include "scalar_math.hpp"
#include "sgd.hpp"

namespace dl::cuda {

namespace {
__global__ void sgd_kernel(float* W, const float* dW, int64_t n, float lr) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x)
        W[i] = math::sgd_step(W[i], dW[i], lr);
}
}  // namespace

void sgd_update(Tensor& W, const Tensor& dW, double lr) {
    if (W.empty()) return;
    sgd_kernel<<<blocks_for(W.numel()), kThreads>>>(W.data<float>(), dW.data<float>(),
                                                    W.numel(), lr);
    DL_CUDA_CHECK_LAUNCH("sgd_update");
}

}  // namespace dl::cuda
