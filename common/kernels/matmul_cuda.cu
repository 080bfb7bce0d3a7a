/// @file matmul_cuda.cu
/// @brief CUDA twin of dl::matmul (contract in matmul.hpp): cuBLAS, and a tiled kernel.
#include "../cuda/check.cuh"
#include "matmul.hpp"

namespace dl::cuda {

void matmul(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, float alpha,
            float beta) {
    DL_CHECK(C.dtype() == DType::F32, "cuda::matmul: expected float32, got ", describe(C));
    const int M = static_cast<int>(C.rows());
    const int N = static_cast<int>(C.cols());
    const int K = static_cast<int>(ta == Trans::N ? A.cols() : A.rows());
    if (M == 0 || N == 0) return;
    // cuBLAS is column-major like the course: no transposition trick is needed.
    DL_CUBLAS_CHECK(cublasSgemm(cublas_handle(), ta == Trans::N ? CUBLAS_OP_N : CUBLAS_OP_T,
                                tb == Trans::N ? CUBLAS_OP_N : CUBLAS_OP_T, M, N, K, &alpha,
                                A.data<float>(), static_cast<int>(std::max<int64_t>(1, A.rows())),
                                B.data<float>(), static_cast<int>(std::max<int64_t>(1, B.rows())),
                                &beta, C.data<float>(), std::max(1, M)));
}

namespace {

constexpr int kTile = 32;

/// Element (i, k) of op(X), where X is column-major with leading dimension ld.
__device__ __forceinline__ float op_at(const float* X, int ld, bool trans, int i, int k) {
    return trans ? X[i * ld + k] : X[k * ld + i];
}

/// One block computes one 32 x 32 tile of C. Each step loads a 32 x 32 tile of op(A) and one
/// of op(B) into shared memory (each element read from global memory once per block instead
/// of 32 times), then every thread accumulates its dot product from shared memory.
/// threadIdx.x runs down a column of C, so consecutive threads touch consecutive addresses.
__global__ void matmul_tiled_kernel(const float* A, int lda, bool ta, const float* B, int ldb,
                                    bool tb, float* C, int M, int N, int K, float alpha,
                                    float beta) {
    __shared__ float As[kTile][kTile + 1];  // +1 column avoids shared-memory bank conflicts
    __shared__ float Bs[kTile][kTile + 1];
    const int row = blockIdx.x * kTile + threadIdx.x;  // i in [0, M)
    const int col = blockIdx.y * kTile + threadIdx.y;  // j in [0, N)
    float acc = 0.0f;
    for (int k0 = 0; k0 < K; k0 += kTile) {
        // As[tx][ty] = op(A)(row, k0 + ty); Bs[tx][ty] = op(B)(k0 + tx, col)
        const int ka = k0 + threadIdx.y;
        As[threadIdx.x][threadIdx.y] = (row < M && ka < K) ? op_at(A, lda, ta, row, ka) : 0.0f;
        const int kb = k0 + threadIdx.x;
        Bs[threadIdx.x][threadIdx.y] = (kb < K && col < N) ? op_at(B, ldb, tb, kb, col) : 0.0f;
        __syncthreads();
#pragma unroll
        for (int k = 0; k < kTile; ++k) acc += As[threadIdx.x][k] * Bs[k][threadIdx.y];
        __syncthreads();
    }
    if (row < M && col < N) {
        float* c = C + static_cast<int64_t>(col) * M + row;
        *c = beta == 0.0f ? alpha * acc : alpha * acc + beta * *c;
    }
}

}  // namespace

void matmul_tiled(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, float alpha,
                  float beta) {
    check_matmul(A, B, C, ta, tb);
    DL_CHECK(C.is_cuda() && C.dtype() == DType::F32,
             "cuda::matmul_tiled: expected float32 CUDA tensors, got ", describe(C));
    const int M = static_cast<int>(C.rows());
    const int N = static_cast<int>(C.cols());
    const int K = static_cast<int>(ta == Trans::N ? A.cols() : A.rows());
    if (M == 0 || N == 0) return;
    dim3 block(kTile, kTile);
    dim3 grid((M + kTile - 1) / kTile, (N + kTile - 1) / kTile);
    matmul_tiled_kernel<<<grid, block>>>(A.data<float>(), static_cast<int>(A.rows()),
                                         ta == Trans::T, B.data<float>(),
                                         static_cast<int>(B.rows()), tb == Trans::T,
                                         C.data<float>(), M, N, K, alpha, beta);
    DL_CUDA_CHECK_LAUNCH("matmul_tiled");
}

}  // namespace dl::cuda
