/// @file gemm_03_shared_tiles.cuh
/// @brief Rung 3: tiles of A and B staged in shared memory (共享内存).
///
/// A block of 32 x 32 threads computes a 32 x 32 tile of C. The product walks along k in steps
/// of 32: at each step the block copies a 32 x 32 tile of A and one of B from global memory
/// into shared memory — each thread copies one element of each, in coalesced loads — waits for
/// everyone (__syncthreads), and then every thread takes its 32 products from shared memory,
/// which is on the chip and about as fast as the L1 cache. Each element of A and B now leaves
/// global memory once per block instead of once per thread: 32 times less traffic.
///
///     for each k0 = 0, 32, 64, …:
///         As ← A(rows of the tile, k0 … k0+31)     Bs ← B(k0 … k0+31, columns of the tile)
///         __syncthreads()                           (every element of the tiles is there)
///         acc += Σ_k As(x, k) · Bs(k, y)            (from shared memory)
///         __syncthreads()                           (nobody overwrites a tile still in use)
///
/// Loads outside the matrices put zeros in the tiles, so any M, N, K works. The +1 column of
/// As keeps the 32 threads of a warp on 32 different shared-memory banks when they read a row.
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

struct SharedTilesGemm {
    static constexpr int kTile = 32;
    static dim3 block() { return dim3(kTile, kTile); }
    static dim3 grid(int M, int N) { return dim3((M + kTile - 1) / kTile, (N + kTile - 1) / kTile); }
};

//! [gemm_shared_tiles]
__global__ void gemm_shared_tiles(int M, int N, int K, float alpha, const float* A,
                                  const float* B, float beta, float* C) {
    constexpr int T = SharedTilesGemm::kTile;
    __shared__ float As[T][T + 1];  // As[x][k] = A(row0 + x, k0 + k)
    __shared__ float Bs[T][T + 1];  // Bs[k][y] = B(k0 + k, col0 + y)
    const int x = threadIdx.x, y = threadIdx.y;
    const int row0 = blockIdx.x * T, col0 = blockIdx.y * T;
    const int i = row0 + x, j = col0 + y;  // the element of C this thread owns
    float acc = 0.0f;
    for (int k0 = 0; k0 < K; k0 += T) {
        // Coalesced: threadIdx.x walks down a column of A and of B.
        As[x][y] = (i < M && k0 + y < K) ? A[at(i, k0 + y, M)] : 0.0f;
        Bs[x][y] = (k0 + x < K && j < N) ? B[at(k0 + x, j, K)] : 0.0f;
        __syncthreads();
        for (int k = 0; k < T; ++k) acc += As[x][k] * Bs[k][y];
        __syncthreads();
    }
    if (i < M && j < N) update(C[at(i, j, M)], acc, alpha, beta);
}
//! [gemm_shared_tiles]

}  // namespace
}  // namespace ch09::kernels
