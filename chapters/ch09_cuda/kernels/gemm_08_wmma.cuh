/// @file gemm_08_wmma.cuh
/// @brief Rung 8: tensor cores through WMMA — fp16 or bf16 inputs, fp32 accumulation.
///
/// The structure of rung 7 — 128 x 128 block tiles in shared memory, 8 warps of 64 x 32 warp
/// tiles — with the inner product handed to the tensor cores: each warp holds its 64 x 32
/// result as 4 x 2 accumulator fragments of 16 x 16 fp32 values, and for every 16 values of k
/// it loads 4 fragments of A and 2 of B from shared memory and issues 8 mma_sync, each the
/// lecture's D = A·B + C on a 16 x 16 x 16 tile (tensor_core_tile.cuh). Inputs are 16-bit, so
/// a tile moves half the bytes of rung 7's; products are exact in fp32 and sums are kept in
/// fp32 (混合精度: low-precision inputs, full-precision accumulation).
///
/// Loads go through cp.async (__pipeline_memcpy_async, compute capability 8.0 and newer; an
/// ordinary copy before): global memory is copied to shared memory without passing through
/// registers, and with two buffers the next K-tile is loading while the current one is
/// multiplied (double buffering, 双缓冲):
///
///     load tile 0 → buffer 0
///     for each K-tile t:   start loading tile t+1 → the other buffer
///                          wait for tile t;  __syncthreads()
///                          8 warps × (2 steps of 16) × 8 mma_sync on buffer t % 2
///                          __syncthreads()
///
/// D = A·B + C: the accumulators start from C (or from 0 when C is null) and are stored to D.
/// Requires M and N multiples of 128, K a multiple of 32, 16-byte aligned matrices; bf16 needs
/// compute capability 8.0 (Ampere) or newer, fp16 7.0.
///
/// WMMA compiles to the mma.sync instructions of Volta-Ampere. Hopper's fastest path is wgmma
/// with TMA (what cuBLAS uses on an H100/H200), which WMMA cannot reach: this rung shows the
/// idea, not the last factor of two.
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

struct WmmaGemm {
    static constexpr int BM = 128, BN = 128, BK = 32;
    static constexpr int kThreads = 256;       // 8 warps
    static constexpr int WM = 64, WN = 32;     // warp tile: 4 x 2 fragments of 16 x 16
    static constexpr int WARPS_M = BM / WM;    // 2
    static constexpr int FM = WM / 16, FN = WN / 16;
    static constexpr int LDA = BM + 8;         // As: column-major BM x BK tile, padded
    static constexpr int LDB = BK + 8;         // Bs: column-major BK x BN tile, padded
    static dim3 block() { return dim3(kThreads); }
    static dim3 grid(int M, int N) { return dim3(M / BM, N / BN); }
    static bool fits(int M, int N, int K) { return M % BM == 0 && N % BN == 0 && K % BK == 0; }
};

/// One K-tile of A (BM x BK) and of B (BK x BN) into shared buffer `buf`, 16 bytes (8 values)
/// per copy: 512 copies of each, two per thread, coalesced (8 values down a column).
template <class T>
__device__ __forceinline__ void wmma_load_tiles(T* As, T* Bs, const T* A, const T* B, int M,
                                                int K, int row0, int col0, int k0, int t) {
    using G = WmmaGemm;
#pragma unroll
    for (int l = 0; l < 2; ++l) {
        const int e = t + l * G::kThreads;
        const int i = (e % (G::BM / 8)) * 8, ka = e / (G::BM / 8);  // A(row0 + i …+7, k0 + ka)
        __pipeline_memcpy_async(&As[ka * G::LDA + i], &A[at(row0 + i, k0 + ka, M)], 16);
        const int kb = (e % (G::BK / 8)) * 8, j = e / (G::BK / 8);  // B(k0 + kb …+7, col0 + j)
        __pipeline_memcpy_async(&Bs[j * G::LDB + kb], &B[at(k0 + kb, col0 + j, K)], 16);
    }
    __pipeline_commit();
}

template <class T>
__device__ __forceinline__ void wmma_gemm_body(int M, int N, int K, const T* A, const T* B,
                                               const float* C, float* D) {
    using G = WmmaGemm;
    namespace wmma = nvcuda::wmma;
    __shared__ __align__(128) T As[2][G::BK * G::LDA];  // As[b][k·LDA + i] = A(row0 + i, k0 + k)
    __shared__ __align__(128) T Bs[2][G::BN * G::LDB];  // Bs[b][j·LDB + k] = B(k0 + k, col0 + j)
    const int t = threadIdx.x, warp = t / 32;
    const int row0 = blockIdx.x * G::BM, col0 = blockIdx.y * G::BN;
    const int wm0 = (warp % G::WARPS_M) * G::WM, wn0 = (warp / G::WARPS_M) * G::WN;
    (void)N;

    wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc[G::FM][G::FN];
#pragma unroll
    for (int fm = 0; fm < G::FM; ++fm)
#pragma unroll
        for (int fn = 0; fn < G::FN; ++fn) {
            const int i = row0 + wm0 + fm * 16, j = col0 + wn0 + fn * 16;
            if (C)
                wmma::load_matrix_sync(acc[fm][fn], &C[at(i, j, M)], M, wmma::mem_col_major);
            else
                wmma::fill_fragment(acc[fm][fn], 0.0f);
        }

    const int tiles = K / G::BK;
    wmma_load_tiles(As[0], Bs[0], A, B, M, K, row0, col0, 0, t);
    for (int kt = 0; kt < tiles; ++kt) {
        const int cur = kt % 2;
        if (kt + 1 < tiles) {
            wmma_load_tiles(As[1 - cur], Bs[1 - cur], A, B, M, K, row0, col0, (kt + 1) * G::BK, t);
            __pipeline_wait_prior(1);  // everything but the newest copy has landed: tile kt
        } else {
            __pipeline_wait_prior(0);
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < G::BK; kk += 16) {
            wmma::fragment<wmma::matrix_a, 16, 16, 16, T, wmma::col_major> a[G::FM];
            wmma::fragment<wmma::matrix_b, 16, 16, 16, T, wmma::col_major> b[G::FN];
#pragma unroll
            for (int fm = 0; fm < G::FM; ++fm)
                wmma::load_matrix_sync(a[fm], &As[cur][kk * G::LDA + wm0 + fm * 16], G::LDA);
#pragma unroll
            for (int fn = 0; fn < G::FN; ++fn)
                wmma::load_matrix_sync(b[fn], &Bs[cur][(wn0 + fn * 16) * G::LDB + kk], G::LDB);
#pragma unroll
            for (int fm = 0; fm < G::FM; ++fm)
#pragma unroll
                for (int fn = 0; fn < G::FN; ++fn)
                    wmma::mma_sync(acc[fm][fn], a[fm], b[fn], acc[fm][fn]);  // D = A·B + C
        }
        __syncthreads();  // the buffer is refilled by the next iteration's copies
    }

#pragma unroll
    for (int fm = 0; fm < G::FM; ++fm)
#pragma unroll
        for (int fn = 0; fn < G::FN; ++fn) {
            const int i = row0 + wm0 + fm * 16, j = col0 + wn0 + fn * 16;
            wmma::store_matrix_sync(&D[at(i, j, M)], acc[fm][fn], M, wmma::mem_col_major);
        }
}

//! [gemm_wmma]
/// D = A·B + C (C may be null: D = A·B), A: M x K and B: K x N in T, C and D: M x N in fp32.
template <class T>
__global__ void gemm_wmma(int M, int N, int K, const T* A, const T* B, const float* C, float* D) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 800
    if constexpr (std::is_same<T, __nv_bfloat16>::value) {
        __trap();  // bf16 tensor cores need compute capability 8.0 (the host checks first)
    } else
#endif
    {
        wmma_gemm_body<T>(M, N, K, A, B, C, D);
    }
}
//! [gemm_wmma]

}  // namespace
}  // namespace ch09::kernels
