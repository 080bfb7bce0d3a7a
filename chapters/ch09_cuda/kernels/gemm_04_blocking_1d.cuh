/// @file gemm_04_blocking_1d.cuh
/// @brief Rung 4: 1-D register blocking (寄存器分块) — each thread computes 8 elements of C.
///
/// Rung 3 does one fused multiply-add per two shared-memory loads: shared memory, not
/// arithmetic, sets its speed. Here a block of 512 threads computes a 64 x 64 tile of C, and
/// each thread 8 elements of one row of it (columns tj … tj+7). In the inner loop a thread loads
/// A(i, k) once into a register and uses it for its 8 products:
///
///     a = As(i, k)                               (1 load, kept in a register)
///     acc[c] += a · Bs(k, tj + c),  c = 0 … 7    (8 loads, 8 FMAs)
///
/// The 32 threads of a warp share tj (consecutive threads take consecutive rows), so Bs(k, tj+c)
/// is one broadcast read for the whole warp. The tiles are 64 x 8 (A) and 8 x 64 (B): 512
/// elements each, one per thread per step, read from global memory in coalesced order.
///
/// Requires M and N multiples of 64 and K a multiple of 8 (the ladder's sizes are).
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

struct Blocking1dGemm {
    static constexpr int BM = 64, BN = 64, BK = 8, TN = 8;
    static constexpr int kThreads = BM * BN / TN;  // 512
    static dim3 block() { return dim3(kThreads); }
    static dim3 grid(int M, int N) { return dim3(M / BM, N / BN); }
    static bool fits(int M, int N, int K) { return M % BM == 0 && N % BN == 0 && K % BK == 0; }
};

//! [gemm_blocking_1d]
__global__ void gemm_blocking_1d(int M, int N, int K, float alpha, const float* A,
                                 const float* B, float beta, float* C) {
    (void)N;  // the grid covers N (N / BN blocks in y)
    constexpr int BM = Blocking1dGemm::BM, BN = Blocking1dGemm::BN, BK = Blocking1dGemm::BK,
                  TN = Blocking1dGemm::TN;
    __shared__ float As[BK * BM];  // As[k·BM + i] = A(row0 + i, k0 + k)   (column-major tile)
    __shared__ float Bs[BN * BK];  // Bs[j·BK + k] = B(k0 + k, col0 + j)   (column-major tile)
    const int t = threadIdx.x;
    const int row0 = blockIdx.x * BM, col0 = blockIdx.y * BN;
    const int ti = t % BM;         // this thread's row in the tile
    const int tj = (t / BM) * TN;  // its first column: columns tj … tj + 7
    float acc[TN] = {};
    for (int k0 = 0; k0 < K; k0 += BK) {
        As[t] = A[at(row0 + t % BM, k0 + t / BM, M)];  // element (t % 64, t / 64) of the tile
        Bs[t] = B[at(k0 + t % BK, col0 + t / BK, K)];  // element (t % 8, t / 8)
        __syncthreads();
#pragma unroll
        for (int k = 0; k < BK; ++k) {
            const float a = As[k * BM + ti];
#pragma unroll
            for (int c = 0; c < TN; ++c) acc[c] += a * Bs[(tj + c) * BK + k];
        }
        __syncthreads();
    }
#pragma unroll
    for (int c = 0; c < TN; ++c) update(C[at(row0 + ti, col0 + tj + c, M)], acc[c], alpha, beta);
}
//! [gemm_blocking_1d]

}  // namespace
}  // namespace ch09::kernels
