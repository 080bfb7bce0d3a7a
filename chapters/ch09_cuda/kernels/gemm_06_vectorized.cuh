/// @file gemm_06_vectorized.cuh
/// @brief Rung 6: rung 5 with 128-bit (float4) loads and stores (向量化访存).
///
/// The same 128 x 128 tiles and 8 x 8 results per thread, but memory is moved four floats at a
/// time: one float4 instruction instead of four float ones, for global loads (a column of A is
/// contiguous in i, a column of B in k), for the shared-memory reads of the inner loop and for
/// the stores of C. Fewer instructions issued means more of the SM's issue slots left for the
/// FMAs. For float4 reads along a thread's rows, its 8 rows are now two runs of 4 consecutive
/// rows (4·tx … 4·tx+3 and 64 + 4·tx …), and its 8 columns likewise; B's tile is still stored
/// transposed (k as its row), written from each float4 of B(k … k+3, j) as four scalars.
///
///     a = float4 As(4·tx …, k), float4 As(64 + 4·tx …, k)         (2 loads of 128 bits)
///     b = float4 Bs(k, 4·ty …), float4 Bs(k, 64 + 4·ty …)
///     acc (8 x 8) += a · bᵀ                                         (64 FMAs)
///
/// Requires M and N multiples of 128, K a multiple of 8, and 16-byte aligned matrices
/// (cudaMalloc's are).
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

struct VectorizedGemm {
    static constexpr int BM = 128, BN = 128, BK = 8;
    static constexpr int kThreads = 256;
    static constexpr int kPadN = BN + 4;  // keeps rows 16-byte aligned; stores conflict-free
    static dim3 block() { return dim3(kThreads); }
    static dim3 grid(int M, int N) { return dim3(M / BM, N / BN); }
    static bool fits(int M, int N, int K) { return M % BM == 0 && N % BN == 0 && K % BK == 0; }
};

//! [gemm_vectorized]
__global__ void gemm_vectorized(int M, int N, int K, float alpha, const float* A,
                                const float* B, float beta, float* C) {
    (void)N;  // the grid covers N (N / BN blocks in y)
    using G = VectorizedGemm;
    constexpr int BM = G::BM, BK = G::BK, PN = G::kPadN;
    __shared__ __align__(16) float As[BK * BM];  // As[k·BM + i] = A(row0 + i, k0 + k)
    __shared__ __align__(16) float Bs[BK * PN];  // Bs[k·PN + j] = B(k0 + k, col0 + j)
    const int t = threadIdx.x;
    const int tx = t % 16, ty = t / 16;
    const int row0 = blockIdx.x * BM, col0 = blockIdx.y * G::BN;
    float acc[8][8] = {};  // rows 4·tx + {0..3} and 64 + 4·tx + {0..3}; columns likewise
    for (int k0 = 0; k0 < K; k0 += BK) {
        // A: 128 x 8 = 256 float4, one per thread, along the rows.
        {
            const int i = (t % 32) * 4, k = t / 32;
            reinterpret_cast<float4*>(As)[(k * BM + i) / 4] =
                *reinterpret_cast<const float4*>(&A[at(row0 + i, k0 + k, M)]);
        }
        // B: 8 x 128 = 256 float4 down the columns (k … k+3 of column j), stored transposed.
        {
            const int k = (t % 2) * 4, j = t / 2;
            const float4 v = *reinterpret_cast<const float4*>(&B[at(k0 + k, col0 + j, K)]);
            Bs[(k + 0) * PN + j] = v.x;
            Bs[(k + 1) * PN + j] = v.y;
            Bs[(k + 2) * PN + j] = v.z;
            Bs[(k + 3) * PN + j] = v.w;
        }
        __syncthreads();
#pragma unroll
        for (int k = 0; k < BK; ++k) {
            float a[8], b[8];
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const float4 av = reinterpret_cast<const float4*>(As)[(k * BM + h * 64 + tx * 4) / 4];
                const float4 bv = reinterpret_cast<const float4*>(Bs)[(k * PN + h * 64 + ty * 4) / 4];
                a[h * 4 + 0] = av.x, a[h * 4 + 1] = av.y, a[h * 4 + 2] = av.z, a[h * 4 + 3] = av.w;
                b[h * 4 + 0] = bv.x, b[h * 4 + 1] = bv.y, b[h * 4 + 2] = bv.z, b[h * 4 + 3] = bv.w;
            }
#pragma unroll
            for (int r = 0; r < 8; ++r)
#pragma unroll
                for (int c = 0; c < 8; ++c) acc[r][c] += a[r] * b[c];
        }
        __syncthreads();
    }
    // C: four consecutive rows at a time.
#pragma unroll
    for (int c = 0; c < 8; ++c) {
        const int j = col0 + (c / 4) * 64 + ty * 4 + c % 4;
#pragma unroll
        for (int h = 0; h < 2; ++h) {
            const int i = row0 + h * 64 + tx * 4;
            float4* dst = reinterpret_cast<float4*>(&C[at(i, j, M)]);
            float4 out = make_float4(alpha * acc[h * 4 + 0][c], alpha * acc[h * 4 + 1][c],
                                     alpha * acc[h * 4 + 2][c], alpha * acc[h * 4 + 3][c]);
            if (beta != 0.0f) {
                const float4 old = *dst;
                out.x += beta * old.x, out.y += beta * old.y, out.z += beta * old.z, out.w += beta * old.w;
            }
            *dst = out;
        }
    }
}
//! [gemm_vectorized]

}  // namespace
}  // namespace ch09::kernels
