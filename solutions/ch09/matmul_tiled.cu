/// @file matmul_tiled.cu
/// @brief Reference solution of exercise ch09.matmul_tiled (declared in exercises/ch09.hpp).
#include "cuda/check.cuh"
#include "exercises/ch09.hpp"

namespace dl::exercises {

//! [matmul_tiled]
constexpr int kT = 16;

__global__ void matmul_tiled_kernel(int M, int N, int K, const float* A, const float* B, float* C) {
    __shared__ float As[kT][kT + 1];  // As[x][k] = A(row0 + x, k0 + k)
    __shared__ float Bs[kT][kT + 1];  // Bs[k][y] = B(k0 + k, col0 + y)
    const int x = threadIdx.x, y = threadIdx.y;
    const int i = blockIdx.x * kT + x, j = blockIdx.y * kT + y;
    float acc = 0.0f;
    for (int k0 = 0; k0 < K; k0 += kT) {
        As[x][y] = (i < M && k0 + y < K) ? A[i + int64_t(k0 + y) * M] : 0.0f;
        Bs[x][y] = (k0 + x < K && j < N) ? B[(k0 + x) + int64_t(j) * K] : 0.0f;
        __syncthreads();  // the tiles are complete
        for (int k = 0; k < kT; ++k) acc += As[x][k] * Bs[k][y];
        __syncthreads();  // nobody overwrites a tile still in use
    }
    if (i < M && j < N) C[i + int64_t(j) * M] = acc;
}

void matmul_tiled(const Tensor& A, const Tensor& B, Tensor& C) {
    const int M = int(C.rows()), N = int(C.cols()), K = int(A.cols());
    const dim3 block(kT, kT), grid((M + kT - 1) / kT, (N + kT - 1) / kT);
    matmul_tiled_kernel<<<grid, block>>>(M, N, K, A.data<float>(), B.data<float>(), C.data<float>());
    DL_CUDA_CHECK_LAUNCH("matmul_tiled");
}
//! [matmul_tiled]

}  // namespace dl::exercises
