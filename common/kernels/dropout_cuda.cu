/// @file dropout_cuda.cu
/// @brief CUDA twin of dl::dropout_forward and dl::dropout_backward (contract in dropout.hpp).
#include "../cuda/check.cuh"
#include "dropout.hpp"

namespace dl::cuda {

namespace {
/// One thread per group of four elements: one Philox call gives the four elements' bits, the
/// same bits the CPU loop uses for them.
__global__ void dropout_forward_kernel(const float* X, float* Y, float* D, int64_t n,
                                       uint64_t threshold, float scale, uint64_t seed,
                                       uint64_t step, uint32_t layer) {
    const int64_t blocks = (n + 3) / 4;
    for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < blocks;
         b += int64_t(gridDim.x) * blockDim.x) {
        const Philox4 r = philox_block(seed, step, layer, uint64_t(b));
        for (int64_t i = 4 * b, k = 0; k < 4 && i < n; ++i, ++k) {
            const float d = uint64_t(r.v[k]) < threshold ? scale : 0.0f;  // D = (u < p)·scale
            D[i] = d;
            Y[i] = X[i] * d;  // Y = X ⊙ D
        }
    }
}

__global__ void dropout_backward_kernel(const float* dY, const float* D, float* dX, int64_t n) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x)
        dX[i] = dY[i] * D[i];  // dX = dY ⊙ D
}
}  // namespace

void dropout_forward(const Tensor& X, Tensor& Y, Tensor& D, double keep_prob, double scale,
                     const DropoutKey& key) {
    if (X.empty()) return;
    const int64_t n = X.numel();
    dropout_forward_kernel<<<blocks_for((n + 3) / 4), kThreads>>>(
        X.data<float>(), Y.data<float>(), D.data<float>(), n, philox_threshold(keep_prob),
        static_cast<float>(scale), key.seed, key.step, key.layer);
    DL_CUDA_CHECK_LAUNCH("dropout_forward");
}

void dropout_backward(const Tensor& dY, const Tensor& D, Tensor& dX) {
    if (dY.empty()) return;
    dropout_backward_kernel<<<blocks_for(dY.numel()), kThreads>>>(
        dY.data<float>(), D.data<float>(), dX.data<float>(), dY.numel());
    DL_CUDA_CHECK_LAUNCH("dropout_backward");
}

}  // namespace dl::cuda
