/// @file reduce_cuda.cu
/// @brief CUDA twin of dl::row_sums / col_sums (contract in reduce.hpp).
#include "../cuda/check.cuh"
#include "reduce.hpp"

namespace dl::cuda {

namespace {

/// One thread per row: thread i walks along row i. Neighbouring threads read neighbouring
/// addresses of each column (column-major), so the loads are coalesced.
__global__ void row_sums_kernel(const float* X, float* out, int64_t n, int64_t m, float scale) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x) {
        float acc = 0.0f;
        for (int64_t j = 0; j < m; ++j) acc += X[j * n + i];
        out[i] = scale * acc;
    }
}

/// One block per column: the block's threads stride down the (contiguous) column, then combine
/// their partial sums in shared memory by halving (a tree reduction).
__global__ void col_sums_kernel(const float* X, float* out, int64_t n, int64_t m, float scale) {
    __shared__ float partial[kThreads];
    for (int64_t j = blockIdx.x; j < m; j += gridDim.x) {
        const float* col = X + j * n;
        float acc = 0.0f;
        for (int64_t i = threadIdx.x; i < n; i += blockDim.x) acc += col[i];
        partial[threadIdx.x] = acc;
        __syncthreads();
        for (int s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
            __syncthreads();
        }
        if (threadIdx.x == 0) out[j] = scale * partial[0];
        __syncthreads();
    }
}

}  // namespace

void row_sums(const Tensor& X, Tensor& out, double scale) {
    if (out.empty()) return;
    row_sums_kernel<<<blocks_for(X.rows()), kThreads>>>(X.data<float>(), out.data<float>(),
                                                        X.rows(), X.cols(), scale);
    DL_CUDA_CHECK_LAUNCH("row_sums");
}

void col_sums(const Tensor& X, Tensor& out, double scale) {
    if (out.empty()) return;
    const unsigned blocks = static_cast<unsigned>(std::min<int64_t>(X.cols(), 65535));
    col_sums_kernel<<<blocks, kThreads>>>(X.data<float>(), out.data<float>(), X.rows(),
                                          X.cols(), scale);
    DL_CUDA_CHECK_LAUNCH("col_sums");
}

}  // namespace dl::cuda
