/// @file adam_cuda.cu
/// @brief CUDA twin of dl::adam_update (contract in adam.hpp).
#include "../cuda/check.cuh"
#include "adam.hpp"
#include "optimizer_math.hpp"

namespace dl::cuda {

namespace {
__global__ void adam_kernel(float* W, const float* dW, float* V, float* S, int64_t n, float lr,
                            float b1, float b2, float eps, float c1, float c2,
                            float decay) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        float w = W[i], v = V[i], s = S[i];
        math::adam_step(w, v, s, dW[i], lr, b1, b2, eps, c1, c2, decay);
        W[i] = w;
        V[i] = v;
        S[i] = s;
    }
}
}  // namespace

void adam_update(Tensor& W, const Tensor& dW, Tensor& V, Tensor& S, const AdamParams& p,
                 double c1, double c2) {
    if (W.empty()) return;
    adam_kernel<<<blocks_for(W.numel()), kThreads>>>(W.data<float>(), dW.data<float>(),
                                                     V.data<float>(), S.data<float>(), W.numel(),
                                                     p.lr, p.beta1, p.beta2, p.eps, c1, c2,
                                                     p.weight_decay);
    DL_CUDA_CHECK_LAUNCH("adam_update");
}

}  // namespace dl::cuda
