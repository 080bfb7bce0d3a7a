/// @file matmul_cuda.cu
/// @brief CUDA twin of dl::matmul (contract in matmul.hpp): cuBLAS, and a tiled kernel.
#include <algorithm>
#include <climits>

#include "../cuda/check.cuh"
#include "matmul.hpp"

namespace dl::cuda {

namespace {

/// cuBLAS and the tiled kernel take int sizes: a dimension beyond INT_MAX would silently wrap.
int checked_int(int64_t v, const char* what, const Tensor& C) {
    DL_CHECK(v <= INT_MAX, "cuda::matmul: ", what, " = ", v, " exceeds the int sizes the GEMM ",
             "takes (at most ", INT_MAX, "; C is ", describe(C), ")");
    return static_cast<int>(v);
}

/// C ← β·C, with β = 0 meaning C ← 0 even where C holds NaN (the product of an empty inner
/// dimension, K = 0, is the zero matrix).
__global__ void scale_kernel(float* C, int64_t n, float beta) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
         i += int64_t(gridDim.x) * blockDim.x)
        C[i] = beta == 0.0f ? 0.0f : beta * C[i];
}

void scale_only(Tensor& C, float beta, const char* name) {
    if (beta == 1.0f) return;
    scale_kernel<<<blocks_for(C.numel()), kThreads>>>(C.data<float>(), C.numel(), beta);
    DL_CUDA_CHECK_LAUNCH(name);
}

}  // namespace

void matmul(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb, double alpha_d,
            double beta_d) {
    // The GEMM runs in float32: the scalars are rounded to float once, here.
    const float alpha = static_cast<float>(alpha_d), beta = static_cast<float>(beta_d);
    DL_CHECK(C.dtype() == DType::F32, "cuda::matmul: expected float32, got ", describe(C));
    const int M = checked_int(C.rows(), "M", C);
    const int N = checked_int(C.cols(), "N", C);
    const int K = checked_int(ta == Trans::N ? A.cols() : A.rows(), "K", C);
    checked_int(A.rows(), "lda", C);
    checked_int(B.rows(), "ldb", C);
    if (M == 0 || N == 0) return;
    // K = 0: C = β·C (0 for β = 0). Done here rather than trusting every BLAS's quick return,
    // which need not honour "β = 0 ignores NaN in C" on this path.
    if (K == 0) return scale_only(C, beta, "matmul (K = 0)");
    // cuBLAS is column-major like the course: no transposition trick is needed.
    DL_CUBLAS_CHECK(sgemm(ta == Trans::N ? CUBLAS_OP_N : CUBLAS_OP_T,
                          tb == Trans::N ? CUBLAS_OP_N : CUBLAS_OP_T, M, N, K, &alpha,
                          A.data<float>(), static_cast<int>(std::max<int64_t>(1, A.rows())),
                          B.data<float>(), static_cast<int>(std::max<int64_t>(1, B.rows())),
                          &beta, C.data<float>(), std::max(1, M)));
}

namespace {

constexpr int kTile = 32;

/// Loads the kTile x kTile tile T(r, c) = op(X)(r0 + r, c0 + c) of op(X), X column-major
/// with leading dimension ld and op(X) rows x cols, into shared memory (zeros outside op(X)).
///
/// A warp is the 32 threads with one threadIdx.y and threadIdx.x = 0 … 31, and its load is
/// coalesced when those 32 threads read 32 consecutive addresses. X(a, b) is at X[b·ld + a], so
/// consecutive addresses run down a column of X. Without the transpose, T(r, c) = X(r0 + r,
/// c0 + c): threadIdx.x walks r. Transposed, T(r, c) = X(c0 + c, r0 + r): threadIdx.x must walk
/// c instead (reading along r would stride by ld: 32 separate transactions per warp). Either
/// way each warp reads one 128-byte line. The +1 column of the tile keeps both the row-wise and
/// the column-wise stores free of shared-memory bank conflicts.
template <bool kTrans>
__device__ __forceinline__ void load_tile(float (&T)[kTile][kTile + 1], const float* X, int64_t ld,
                                          int64_t r0, int64_t c0, int64_t rows, int64_t cols) {
    const int a = threadIdx.x, b = threadIdx.y;
    if (!kTrans) {
        const int64_t r = r0 + a, c = c0 + b;  // op(X)(r, c) = X(r, c)
        T[a][b] = (r < rows && c < cols) ? X[c * ld + r] : 0.0f;
    } else {
        const int64_t r = r0 + b, c = c0 + a;  // op(X)(r, c) = X(c, r)
        T[b][a] = (r < rows && c < cols) ? X[r * ld + c] : 0.0f;
    }
}

/// One block computes one 32 x 32 tile of C. Each step loads a 32 x 32 tile of op(A) and one
/// of op(B) into shared memory (each element read from global memory once per block instead
/// of 32 times, in coalesced loads for either transpose; see load_tile), then every thread
/// accumulates its dot product from shared memory.
/// threadIdx.x runs down a column of C, so consecutive threads touch consecutive addresses.
/// gridDim.y is at most 65535, so the blocks step over the column tiles (a grid-stride loop in
/// y; the loop bounds are the same for every thread of a block, so __syncthreads is safe).
/// Indices are 64-bit: k0 + 32 must not wrap for K near INT_MAX.
template <bool kTa, bool kTb>
__global__ void matmul_tiled_kernel(const float* A, int64_t lda, const float* B, int64_t ldb,
                                    float* C, int64_t M, int64_t N, int64_t K, float alpha,
                                    float beta) {
    __shared__ float As[kTile][kTile + 1];  // As[r][k] = op(A)(row0 + r, k0 + k)
    __shared__ float Bs[kTile][kTile + 1];  // Bs[k][c] = op(B)(k0 + k, col0 + c)
    const int64_t row0 = int64_t(blockIdx.x) * kTile;
    const int64_t row = row0 + threadIdx.x;  // i in [0, M)
    const int64_t col_tiles = (N + kTile - 1) / kTile;
    for (int64_t ty = blockIdx.y; ty < col_tiles; ty += gridDim.y) {
        const int64_t col0 = ty * kTile;
        const int64_t col = col0 + threadIdx.y;  // j in [0, N)
        float acc = 0.0f;
        for (int64_t k0 = 0; k0 < K; k0 += kTile) {
            load_tile<kTa>(As, A, lda, row0, k0, M, K);
            load_tile<kTb>(Bs, B, ldb, k0, col0, K, N);
            __syncthreads();
#pragma unroll
            for (int k = 0; k < kTile; ++k) acc += As[threadIdx.x][k] * Bs[k][threadIdx.y];
            __syncthreads();
        }
        if (row < M && col < N) {
            float* c = C + col * M + row;
            *c = beta == 0.0f ? alpha * acc : alpha * acc + beta * *c;
        }
    }
}

}  // namespace

void matmul_tiled(const Tensor& A, const Tensor& B, Tensor& C, Trans ta, Trans tb,
                  double alpha_d, double beta_d) {
    const float alpha = static_cast<float>(alpha_d), beta = static_cast<float>(beta_d);
    check_matmul(A, B, C, ta, tb);
    DL_CHECK(C.is_cuda() && C.dtype() == DType::F32,
             "cuda::matmul_tiled: expected float32 CUDA tensors, got ", describe(C));
    const int M = checked_int(C.rows(), "M", C);
    const int N = checked_int(C.cols(), "N", C);
    const int K = checked_int(ta == Trans::N ? A.cols() : A.rows(), "K", C);
    checked_int(A.rows(), "lda", C);
    checked_int(B.rows(), "ldb", C);
    if (M == 0 || N == 0) return;
    dim3 block(kTile, kTile);
    // gridDim.x may reach 2^31 − 1, gridDim.y only 65535: the kernel loops over the rest.
    const int64_t col_tiles = (int64_t(N) + kTile - 1) / kTile;
    dim3 grid(static_cast<unsigned>((int64_t(M) + kTile - 1) / kTile),
              static_cast<unsigned>(std::min<int64_t>(col_tiles, 65535)));
    const int64_t lda = A.rows(), ldb = B.rows();
    const float* a = A.data<float>();
    const float* b = B.data<float>();
    float* c = C.data<float>();
    if (ta == Trans::N && tb == Trans::N)
        matmul_tiled_kernel<false, false><<<grid, block>>>(a, lda, b, ldb, c, M, N, K, alpha, beta);
    else if (ta == Trans::N)
        matmul_tiled_kernel<false, true><<<grid, block>>>(a, lda, b, ldb, c, M, N, K, alpha, beta);
    else if (tb == Trans::N)
        matmul_tiled_kernel<true, false><<<grid, block>>>(a, lda, b, ldb, c, M, N, K, alpha, beta);
    else
        matmul_tiled_kernel<true, true><<<grid, block>>>(a, lda, b, ldb, c, M, N, K, alpha, beta);
    DL_CUDA_CHECK_LAUNCH("matmul_tiled");
}

}  // namespace dl::cuda
