/// @file axpby_cuda.cu
/// @brief CUDA twin of dl::axpby (contract in axpby.hpp).
#include "../cuda/check.cuh"
#include "axpby.hpp"

namespace dl::cuda {

namespace {
/// One thread per element (grid-stride). BLAS's rule: α = 0 never reads X, β = 0 never reads Y.
__global__ void axpby_kernel(float alpha, const float* X, float beta, float* Y, int64_t n) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        const float ax = alpha == 0.0f ? 0.0f : alpha * X[i];
        Y[i] = beta == 0.0f ? ax : ax + beta * Y[i];
    }
}
}  // namespace

void axpby(double alpha, const Tensor& X, double beta, Tensor& Y) {
    if (Y.empty()) return;
    axpby_kernel<<<blocks_for(Y.numel()), kThreads>>>(static_cast<float>(alpha),
                                                      X.data<float>(), static_cast<float>(beta),
                                                      Y.data<float>(), Y.numel());
    DL_CUDA_CHECK_LAUNCH("axpby");
}

}  // namespace dl::cuda
