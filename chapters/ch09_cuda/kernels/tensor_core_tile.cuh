/// @file tensor_core_tile.cuh
/// @brief The lecture's tensor-core operation, D = A·B + C, on one tile with WMMA.
///
/// A tensor core (张量核心) multiplies small matrices in one step: the lecture's Volta core
/// takes 4 x 4 A and B in FP16 and adds their product to a 4 x 4 C in FP16 or FP32 (64
/// multiply-adds per clock). CUDA does not expose the 4 x 4 step itself; its portable API,
/// WMMA (warp matrix multiply-accumulate, namespace nvcuda::wmma), lets one *warp* issue
/// D = A·B + C on 16 x 16 x 16 tiles, which the hardware carries out as many 4 x 4 x 4 (Volta)
/// or larger (Ampere, Hopper) steps:
///
///     fragment a (16 x 16, fp16/bf16)  ← load_matrix_sync(A)
///     fragment b (16 x 16, fp16/bf16)  ← load_matrix_sync(B)
///     fragment c (16 x 16, fp32)       ← load_matrix_sync(C)
///     d = a·b + c                         mma_sync: products exact, sums in fp32
///     store_matrix_sync(D, d)
///
/// A fragment is spread over the 32 lanes of the warp (each holds 8 of the 256 elements, in a
/// layout the hardware chooses); every lane calls each function with the same arguments.
#pragma once

#include "prelude.cuh"

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

namespace wmma = nvcuda::wmma;

//! [tensor_core_tile]
/// One warp: D = A·B + C for 16 x 16 column-major tiles; A, B in T (__half or __nv_bfloat16).
template <class T>
__global__ void tensor_core_tile(const T* A, const T* B, const float* C, float* D) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 800
    if constexpr (std::is_same<T, __nv_bfloat16>::value) {
        __trap();  // bf16 tensor cores need compute capability 8.0 (the host checks first)
    } else
#endif
    {
        wmma::fragment<wmma::matrix_a, 16, 16, 16, T, wmma::col_major> a;
        wmma::fragment<wmma::matrix_b, 16, 16, 16, T, wmma::col_major> b;
        wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
        wmma::load_matrix_sync(a, A, 16);
        wmma::load_matrix_sync(b, B, 16);
        wmma::load_matrix_sync(acc, C, 16, wmma::mem_col_major);
        wmma::mma_sync(acc, a, b, acc);  // D = A·B + C
        wmma::store_matrix_sync(D, acc, 16, wmma::mem_col_major);
    }
}
//! [tensor_core_tile]

}  // namespace
}  // namespace ch09::kernels
