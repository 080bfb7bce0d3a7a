/// @file bias_cuda.cu
/// @brief CUDA twin of dl::add_bias (contract in bias.hpp).
#include "../cuda/check.cuh"
#include "bias.hpp"

namespace dl::cuda {

namespace {
/// One thread per element of Z; element e sits in row e % n.
__global__ void add_bias_kernel(float* Z, const float* b, int64_t n, int64_t total) {
    for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < total;
         e += int64_t(gridDim.x) * blockDim.x)
        Z[e] += b[e % n];
}
}  // namespace

void add_bias(Tensor& Z, const Tensor& b) {
    if (Z.empty()) return;
    add_bias_kernel<<<blocks_for(Z.numel()), kThreads>>>(Z.data<float>(), b.data<float>(),
                                                         Z.rows(), Z.numel());
    DL_CUDA_CHECK_LAUNCH("add_bias");
}

}  // namespace dl::cuda
