/// @file bce_cuda.cu
/// @brief CUDA twin of dl::bce_with_logits (contract in bce.hpp): one thread per element.
#include "../cuda/check.cuh"
#include "bce.hpp"
#include "loss_math.hpp"

namespace dl::cuda {

namespace {
__global__ void bce_kernel(const float* Z, const float* Y, float* A, float* L, float* dZ,
                           int64_t n) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        const float z = Z[i], y = Y[i];
        const float a = math::sigmoid(z);
        L[i] = math::bce_from_logit(z, y);
        A[i] = a;
        dZ[i] = a - y;
    }
}
}  // namespace

void bce_with_logits(const Tensor& Z, const Tensor& Y, Tensor& A, Tensor& L, Tensor& dZ) {
    if (Z.empty()) return;
    bce_kernel<<<blocks_for(Z.numel()), kThreads>>>(Z.data<float>(), Y.data<float>(),
                                                    A.data<float>(), L.data<float>(),
                                                    dZ.data<float>(), Z.numel());
    DL_CUDA_CHECK_LAUNCH("bce_with_logits");
}

}  // namespace dl::cuda
