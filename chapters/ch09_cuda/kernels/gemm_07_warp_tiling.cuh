/// @file gemm_07_warp_tiling.cuh
/// @brief Rung 7: warp tiling (warp 分块) — a third level of blocking between the block and the
/// thread, matching how the hardware schedules: by warps of 32 threads.
///
/// The block (256 threads, 8 warps) computes a 128 x 128 tile of C, as before; now each warp
/// owns a 64 x 32 sub-tile of it, and each thread a 4 x 4 piece of every 32 x 16 slice of that
/// sub-tile (2 x 2 slices: 64 results per thread):
///
///     block tile   128 x 128   ← shared memory:  As (128 x 16), Bs (16 x 128)
///     warp tile     64 x  32   ← the 8 warps, 2 along M x 4 along N
///     warp slice    32 x  16   ← lanes 8 along M x 4 along N, each a 4 x 4 piece
///     thread        4 x 4 per slice, 2 x 2 slices → 8 x 8 results in registers
///
/// Why it helps: the 32 lanes of a warp read 8 consecutive float4 of As and 4 of Bs at each k
/// — no bank conflicts, and the values a warp needs stay in a small window of shared memory;
/// results of one warp are neighbours in C, so its stores are full 128-byte lines; and the
/// warp tile is the unit later rungs hand to the tensor cores (rung 8 multiplies the same kind
/// of warp tile with WMMA). K advances 16 at a time (BK = 16), halving the barriers of rung 6.
/// This is the structure of the fastest published fp32 ladder kernels (about 94 % of cuBLAS on
/// an RTX A6000, siboehm's SGEMM_CUDA).
///
/// Requires M and N multiples of 128, K a multiple of 16, 16-byte aligned matrices.
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

struct WarpTilingGemm {
    static constexpr int BM = 128, BN = 128, BK = 16;
    static constexpr int kThreads = 256;                  // 8 warps
    static constexpr int WM = 64, WN = 32;                // warp tile
    static constexpr int WARPS_M = BM / WM;               // 2
    static constexpr int SLICE_M = 32, SLICE_N = 16;      // lanes 8 x 4, each 4 x 4
    static constexpr int ITER_M = WM / SLICE_M, ITER_N = WN / SLICE_N;  // 2 x 2 slices
    static constexpr int kPadN = BN + 4;
    static dim3 block() { return dim3(kThreads); }
    static dim3 grid(int M, int N) { return dim3(M / BM, N / BN); }
    static bool fits(int M, int N, int K) { return M % BM == 0 && N % BN == 0 && K % BK == 0; }
};

//! [gemm_warp_tiling]
__global__ void gemm_warp_tiling(int M, int N, int K, float alpha, const float* A,
                                 const float* B, float beta, float* C) {
    (void)N;  // the grid covers N (N / BN blocks in y)
    using G = WarpTilingGemm;
    constexpr int BM = G::BM, BK = G::BK, PN = G::kPadN;
    __shared__ __align__(16) float As[BK * BM];  // As[k·BM + i] = A(row0 + i, k0 + k)
    __shared__ __align__(16) float Bs[BK * PN];  // Bs[k·PN + j] = B(k0 + k, col0 + j)
    const int t = threadIdx.x, warp = t / 32, lane = t % 32;
    const int row0 = blockIdx.x * BM, col0 = blockIdx.y * G::BN;
    const int wm0 = (warp % G::WARPS_M) * G::WM;  // the warp's tile inside the block tile
    const int wn0 = (warp / G::WARPS_M) * G::WN;
    const int lm = (lane % 8) * 4, ln = (lane / 8) * 4;  // the lane's 4 x 4 piece of a slice
    float acc[G::ITER_M][G::ITER_N][4][4] = {};
    for (int k0 = 0; k0 < K; k0 += BK) {
#pragma unroll
        for (int l = 0; l < 2; ++l) {  // 512 float4 of A and of B: two of each per thread
            const int e = t + l * G::kThreads;
            const int i = (e % 32) * 4, ka = e / 32;  // A: down the columns, kept as is
            reinterpret_cast<float4*>(As)[(ka * BM + i) / 4] =
                *reinterpret_cast<const float4*>(&A[at(row0 + i, k0 + ka, M)]);
            const int kb = (e % 4) * 4, j = e / 4;  // B: k … k+3 of column j, transposed
            const float4 v = *reinterpret_cast<const float4*>(&B[at(k0 + kb, col0 + j, K)]);
            Bs[(kb + 0) * PN + j] = v.x;
            Bs[(kb + 1) * PN + j] = v.y;
            Bs[(kb + 2) * PN + j] = v.z;
            Bs[(kb + 3) * PN + j] = v.w;
        }
        __syncthreads();
#pragma unroll
        for (int k = 0; k < BK; ++k) {
            float4 a[G::ITER_M], b[G::ITER_N];
#pragma unroll
            for (int mi = 0; mi < G::ITER_M; ++mi)
                a[mi] = reinterpret_cast<const float4*>(As)[(k * BM + wm0 + mi * G::SLICE_M + lm) / 4];
#pragma unroll
            for (int ni = 0; ni < G::ITER_N; ++ni)
                b[ni] = reinterpret_cast<const float4*>(Bs)[(k * PN + wn0 + ni * G::SLICE_N + ln) / 4];
#pragma unroll
            for (int mi = 0; mi < G::ITER_M; ++mi)
#pragma unroll
                for (int ni = 0; ni < G::ITER_N; ++ni) {
                    const float av[4] = {a[mi].x, a[mi].y, a[mi].z, a[mi].w};
                    const float bv[4] = {b[ni].x, b[ni].y, b[ni].z, b[ni].w};
#pragma unroll
                    for (int r = 0; r < 4; ++r)
#pragma unroll
                        for (int c = 0; c < 4; ++c) acc[mi][ni][r][c] += av[r] * bv[c];
                }
        }
        __syncthreads();
    }
#pragma unroll
    for (int mi = 0; mi < G::ITER_M; ++mi)
#pragma unroll
        for (int ni = 0; ni < G::ITER_N; ++ni)
#pragma unroll
            for (int c = 0; c < 4; ++c) {
                const int i = row0 + wm0 + mi * G::SLICE_M + lm;
                const int j = col0 + wn0 + ni * G::SLICE_N + ln + c;
                float4* dst = reinterpret_cast<float4*>(&C[at(i, j, M)]);
                float4 out = make_float4(alpha * acc[mi][ni][0][c], alpha * acc[mi][ni][1][c],
                                         alpha * acc[mi][ni][2][c], alpha * acc[mi][ni][3][c]);
                if (beta != 0.0f) {
                    const float4 old = *dst;
                    out.x += beta * old.x, out.y += beta * old.y, out.z += beta * old.z, out.w += beta * old.w;
                }
                *dst = out;
            }
}
//! [gemm_warp_tiling]

}  // namespace
}  // namespace ch09::kernels
