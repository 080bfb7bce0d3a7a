/// @file activation_cuda.cu
/// @brief CUDA twin of dl::activation_forward / activation_backward (contract in activation.hpp).
#include "../cuda/check.cuh"
#include "activation_apply.hpp"

namespace dl::cuda {

namespace {
__global__ void forward_kernel(Activation g, const float* Z, float* A, int64_t n, float alpha) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x)
        A[i] = math::activate(g, Z[i], alpha);
}
__global__ void backward_kernel(Activation g, const float* Z, const float* dA, float* dZ,
                                int64_t n, float alpha) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x)
        dZ[i] = dA[i] * math::activate_grad(g, Z[i], alpha);
}
}  // namespace

void activation_forward(Activation g, const Tensor& Z, Tensor& A, double alpha) {
    if (Z.empty()) return;
    forward_kernel<<<blocks_for(Z.numel()), kThreads>>>(g, Z.data<float>(), A.data<float>(),
                                                        Z.numel(), alpha);
    DL_CUDA_CHECK_LAUNCH("activation_forward");
}

void activation_backward(Activation g, const Tensor& Z, const Tensor& dA, Tensor& dZ,
                         double alpha) {
    if (Z.empty()) return;
    backward_kernel<<<blocks_for(Z.numel()), kThreads>>>(g, Z.data<float>(), dA.data<float>(),
                                                         dZ.data<float>(), Z.numel(), alpha);
    DL_CUDA_CHECK_LAUNCH("activation_backward");
}

}  // namespace dl::cuda
