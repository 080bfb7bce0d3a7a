/// @file gemm_05_blocking_2d.cuh
/// @brief Rung 5: 2-D register blocking — each thread computes an 8 x 8 block of C.
///
/// Rung 4 loads 9 values from shared memory for 8 FMAs. Blocking in both directions does
/// better: a thread keeps 8 values of A's column k and 8 values of B's row k in registers and
/// forms their outer product, 64 FMAs for 16 loads:
///
///     a[r] = As(rows r, k),  b[c] = Bs(k, columns c)      r, c = 0 … 7   (16 loads)
///     acc[r][c] += a[r] · b[c]                                            (64 FMAs)
///
/// A block of 256 threads computes a 128 x 128 tile of C, so each element of A and B read from
/// global memory now serves 128 products. The 64 accumulators live in registers (寄存器), the
/// fastest and most plentiful memory a thread has (up to 255 per thread).
///
/// Which 8 rows: thread (tx, ty) = (t mod 16, t / 16) takes rows tx, tx + 16, …, tx + 112, so the
/// 16 threads of a half-warp read 16 consecutive words of As (no bank conflict), and columns
/// 8·ty … 8·ty + 7, which two threads of a warp share (broadcasts). Bs is stored with k as its
/// row (a transposed copy), padded to 132 columns so that the transposing stores of a warp fall
/// on 32 different banks.
///
/// Requires M and N multiples of 128 and K a multiple of 8.
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

struct Blocking2dGemm {
    static constexpr int BM = 128, BN = 128, BK = 8, TM = 8, TN = 8;
    static constexpr int kThreads = (BM / TM) * (BN / TN);  // 256
    static constexpr int kPadN = BN + 4;                     // row length of the transposed Bs
    static dim3 block() { return dim3(kThreads); }
    static dim3 grid(int M, int N) { return dim3(M / BM, N / BN); }
    static bool fits(int M, int N, int K) { return M % BM == 0 && N % BN == 0 && K % BK == 0; }
};

//! [gemm_blocking_2d]
__global__ void gemm_blocking_2d(int M, int N, int K, float alpha, const float* A,
                                 const float* B, float beta, float* C) {
    (void)N;  // the grid covers N (N / BN blocks in y)
    using G = Blocking2dGemm;
    constexpr int BM = G::BM, BN = G::BN, BK = G::BK, TM = G::TM, TN = G::TN, PN = G::kPadN;
    __shared__ float As[BK * BM];  // As[k·BM + i] = A(row0 + i, k0 + k)
    __shared__ float Bs[BK * PN];  // Bs[k·PN + j] = B(k0 + k, col0 + j)   (transposed)
    const int t = threadIdx.x;
    const int tx = t % (BM / TM), ty = t / (BM / TM);  // 16 x 16 threads
    const int row0 = blockIdx.x * BM, col0 = blockIdx.y * BN;
    float acc[TM][TN] = {};
    float a[TM], b[TN];
    for (int k0 = 0; k0 < K; k0 += BK) {
        for (int e = t; e < BM * BK; e += G::kThreads)  // 4 elements of each tile per thread
            As[(e / BM) * BM + e % BM] = A[at(row0 + e % BM, k0 + e / BM, M)];
        for (int e = t; e < BK * BN; e += G::kThreads)
            Bs[(e % BK) * PN + e / BK] = B[at(k0 + e % BK, col0 + e / BK, K)];
        __syncthreads();
#pragma unroll
        for (int k = 0; k < BK; ++k) {
#pragma unroll
            for (int r = 0; r < TM; ++r) a[r] = As[k * BM + tx + r * (BM / TM)];
#pragma unroll
            for (int c = 0; c < TN; ++c) b[c] = Bs[k * PN + ty * TN + c];
#pragma unroll
            for (int r = 0; r < TM; ++r)
#pragma unroll
                for (int c = 0; c < TN; ++c) acc[r][c] += a[r] * b[c];  // the outer product
        }
        __syncthreads();
    }
#pragma unroll
    for (int r = 0; r < TM; ++r)
#pragma unroll
        for (int c = 0; c < TN; ++c)
            update(C[at(row0 + tx + r * (BM / TM), col0 + ty * TN + c, M)], acc[r][c], alpha, beta);
}
//! [gemm_blocking_2d]

}  // namespace
}  // namespace ch09::kernels
