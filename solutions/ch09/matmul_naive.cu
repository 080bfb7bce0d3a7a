/// @file matmul_naive.cu
/// @brief Reference solution of exercise ch09.matmul_naive (declared in exercises/ch09.hpp).
#include "cuda/check.cuh"
#include "exercises/ch09.hpp"

namespace dl::exercises {

//! [matmul_naive]
__global__ void matmul_naive_kernel(int M, int N, int K, const float* A, const float* B, float* C) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;  // row: neighbours in a warp
    const int j = blockIdx.y * blockDim.y + threadIdx.y;  // column
    if (i >= M || j >= N) return;
    float acc = 0.0f;
    for (int k = 0; k < K; ++k) acc += A[i + int64_t(k) * M] * B[k + int64_t(j) * K];
    C[i + int64_t(j) * M] = acc;
}

void matmul_naive(const Tensor& A, const Tensor& B, Tensor& C) {
    const int M = int(C.rows()), N = int(C.cols()), K = int(A.cols());
    const dim3 block(16, 16), grid((M + 15) / 16, (N + 15) / 16);
    matmul_naive_kernel<<<grid, block>>>(M, N, K, A.data<float>(), B.data<float>(), C.data<float>());
    DL_CUDA_CHECK_LAUNCH("matmul_naive");
}
//! [matmul_naive]

}  // namespace dl::exercises
