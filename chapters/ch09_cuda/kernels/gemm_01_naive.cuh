/// @file gemm_01_naive.cuh
/// @brief Rung 1 of the GEMM ladder: one thread per element of C, straight from the formula.
///
///     C(i, j) = α · Σ_k A(i, k) · B(k, j) + β · C(i, j)        A: M x K, B: K x N, C: M x N
///
/// All matrices are column-major (element (i, j) at i + j·ld, as everywhere in the course).
/// Thread (x, y) of the 16 x 16 block takes column j from x and row i from y. That looks
/// harmless and is the slowest choice there is: the 32 threads of a warp have consecutive x,
/// so they read B(k, j) for 32 different columns — 32 addresses K floats apart, 32 separate
/// memory transactions for 32 useful floats — and write C 32 columns apart. Every element of
/// A and B is also read from global memory again by each thread that needs it (N and M times).
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

struct NaiveGemm {
    static constexpr int kBlock = 16;
    static dim3 block() { return dim3(kBlock, kBlock); }
    static dim3 grid(int M, int N) { return dim3((N + kBlock - 1) / kBlock, (M + kBlock - 1) / kBlock); }
};

//! [gemm_naive]
__global__ void gemm_naive(int M, int N, int K, float alpha, const float* A, const float* B,
                           float beta, float* C) {
    const int j = blockIdx.x * blockDim.x + threadIdx.x;  // column of C: neighbours in a warp
    const int i = blockIdx.y * blockDim.y + threadIdx.y;  // row of C
    if (i < M && j < N) {
        float acc = 0.0f;
        for (int k = 0; k < K; ++k) acc += A[at(i, k, M)] * B[at(k, j, K)];  // B: stride K
        update(C[at(i, j, M)], acc, alpha, beta);
    }
}
//! [gemm_naive]

}  // namespace
}  // namespace ch09::kernels
