/// @file gemm_02_coalesced.cuh
/// @brief Rung 2: the naive kernel with the thread-to-element map turned around so that the
/// 32 threads of a warp touch 32 consecutive addresses (a coalesced access, 合并访存).
///
/// Column-major storage keeps a column of C (and of A) contiguous, so the thread index that
/// varies fastest inside a warp, threadIdx.x, must walk down a column: i from x, j from y.
/// Now a warp reads A(i..i+31, k) in one 128-byte transaction, all its threads read the same
/// B(k, j) (one broadcast), and it writes 32 consecutive elements of C. Same arithmetic as
/// rung 1, same number of loads, several times faster: the lesson is that on a GPU *which*
/// thread reads *which* address matters as much as how much is read.
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

struct CoalescedGemm {
    static constexpr int kBlock = 16;
    static dim3 block() { return dim3(kBlock, kBlock); }
    static dim3 grid(int M, int N) { return dim3((M + kBlock - 1) / kBlock, (N + kBlock - 1) / kBlock); }
};

//! [gemm_coalesced]
__global__ void gemm_coalesced(int M, int N, int K, float alpha, const float* A, const float* B,
                               float beta, float* C) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;  // row of C: neighbours in a warp
    const int j = blockIdx.y * blockDim.y + threadIdx.y;  // column of C
    if (i < M && j < N) {
        float acc = 0.0f;
        for (int k = 0; k < K; ++k) acc += A[at(i, k, M)] * B[at(k, j, K)];  // A: stride 1
        update(C[at(i, j, M)], acc, alpha, beta);
    }
}
//! [gemm_coalesced]

}  // namespace
}  // namespace ch09::kernels
