/// @file rmsprop_cuda.cu
/// @brief CUDA twin of dl::rmsprop_update (contract in rmsprop.hpp).
#include "../cuda/check.cuh"
#include "optimizer_math.hpp"
#include "rmsprop.hpp"

namespace dl::cuda {

namespace {
__global__ void rmsprop_kernel(float* W, const float* dW, float* S, int64_t n, float lr,
                               float beta, float eps) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        float w = W[i], s = S[i];
        math::rmsprop_step(w, s, dW[i], lr, beta, eps);
        W[i] = w;
        S[i] = s;
    }
}
}  // namespace

void rmsprop_update(Tensor& W, const Tensor& dW, Tensor& S, double lr, double beta, double eps) {
    if (W.empty()) return;
    rmsprop_kernel<<<blocks_for(W.numel()), kThreads>>>(
        W.data<float>(), dW.data<float>(), S.data<float>(), W.numel(), static_cast<float>(lr),
        static_cast<float>(beta), static_cast<float>(eps));
    DL_CUDA_CHECK_LAUNCH("rmsprop_update");
}

}  // namespace dl::cuda
