/// @file ch09.hpp
/// @brief Chapter 9 exercises: rounding float32 to float16, the dynamic loss scaler's rule, and
/// two matrix-product kernels on the GPU (a naive one and a shared-memory tiled one).
///
/// Each function is written twice: your version in exercises/ch09/<name>.cpp or .cu (a stub
/// until you fill it in) and the reference in solutions/ch09/. The chapter program ch09_cuda
/// runs on the reference; ch09_cuda_mine runs the same program on yours (the formats table
/// rounds with your float_to_half, the loss-scaling demo runs your update_loss_scale, and on a
/// GPU the chapter times your kernels). The graded tests in exercises/graded/ch09/ check them;
/// the two CUDA exercises are graded on a GPU only (they are reported as skipped without one).
///
/// Conventions: matrices are column-major, as everywhere in the course: element (i, j) of an
/// M x N matrix is at i + j·M.
#pragma once

#include <cstdint>

#include "core/tensor.hpp"
#include "nn/loss_scaler.hpp"

namespace dl::exercises {

/// Exercise ch09.float_to_half — float32 → float16, rounded to nearest, ties to even: the bits
/// of the float16 number closest to x.
///
/// float32: 1 sign bit s, 8 exponent bits E (bias 127), 23 fraction bits F: x = (−1)^s·1.F·2^(E−127).
/// float16: 1 sign bit, 5 exponent bits e (bias 15), 10 fraction bits f:
///
///     normal      (−1)^s · 1.f · 2^(e−15)       e = 1 … 30
///     subnormal   (−1)^s · 0.f · 2^(−14)        e = 0   (down to 2^−24)
///     inf / NaN   e = 31 (f = 0: ±inf; f ≠ 0: NaN)
///
/// Steps: keep the sign; re-bias the exponent (E − 127 + 15); keep the top 10 of the 23
/// fraction bits and round on the 13 dropped ones — up when they are more than half (0x1000),
/// to even when exactly half. Values whose rounded result reaches 2^16 (|x| ≥ 65520) become
/// ±inf; values below 2^−14 become subnormal (shift the 24-bit significand 1.F right, round
/// the same way); below half of 2^−24 they become ±0. NaN stays NaN (any nonzero fraction).
///
/// Examples: 1.0 → 0x3c00; −2.0 → 0xc000; 65504 → 0x7bff; 65520 → 0x7c00 (inf);
/// 1 + 2^−11 → 0x3c00 (a tie: to even); 1 + 3·2^−11 → 0x3c02; 2^−24 → 0x0001; 2^−25 → 0x0000.
/// The library's version is dl::float_to_half_bits (core/half.hpp) — write your own.
uint16_t float_to_half(float x);

/// Exercise ch09.update_loss_scale — one step of dynamic loss scaling (nn/loss_scaler.hpp):
///
///     found_inf:  s.scale ← s.scale · o.backoff_factor,  s.good_steps ← 0,  return false (skip)
///     otherwise:  s.good_steps ← s.good_steps + 1; if it reaches o.growth_interval:
///                     s.scale ← s.scale · o.growth_factor,  s.good_steps ← 0
///                 return true (apply the update)
///
/// With the defaults (2¹⁶, ×2 after 2000 clean steps, ×0.5 on inf/NaN): from {65536, 1999} a
/// clean step gives {131072, 0} and true; from {65536, 1500} a step with an inf gives
/// {32768, 0} and false.
bool update_loss_scale(nn::LossScaleState& s, bool found_inf, const nn::LossScalerOptions& o);

/// Exercise ch09.matmul_naive (CUDA) — C = A·B with one GPU thread per element of C:
///
///     C(i, j) = Σ_k A(i, k) · B(k, j)          A: M x K, B: K x N, C: M x N (float32, on the GPU)
///
/// Write a __global__ kernel in exercises/ch09/matmul_naive.cu and launch it here with enough
/// 2-D blocks of 16 x 16 threads to cover C (the grid may overhang: check i < M and j < N).
/// Map threadIdx.x to the row i, so that neighbouring threads touch neighbouring addresses
/// (column-major). Then check the launch with DL_CUDA_CHECK_LAUNCH (cuda/check.cuh).
/// Tensor::data<float>() gives the device pointers; C.rows() is M, C.cols() is N.
void matmul_naive(const Tensor& A, const Tensor& B, Tensor& C);

/// Exercise ch09.matmul_tiled (CUDA) — the same product with 16 x 16 tiles in shared memory:
/// each block computes a 16 x 16 tile of C; for k0 = 0, 16, 32, … its threads copy one element
/// each of A's tile (rows of the C tile, columns k0 … k0+15) and of B's tile into __shared__
/// arrays, __syncthreads(), add their 16 products, __syncthreads() again. Put zeros in the tiles
/// outside the matrices so that any M, N, K works. (Rung 3 of the chapter's ladder,
/// chapters/ch09_cuda/kernels/gemm_03_shared_tiles.cuh, does this with 32 x 32 tiles.)
void matmul_tiled(const Tensor& A, const Tensor& B, Tensor& C);

}  // namespace dl::exercises
