/// @file prelude.cuh
/// @brief What every kernel header of the chapter includes first: CUDA's own headers under
/// nvcc, the CPU emulator's stand-ins under the host compiler (emu/cuda_emulator.hpp).
///
/// The kernels themselves are plain CUDA, written once: the GPU runs them through
/// gemm_ladder_cuda.cu and device_cuda.cu, the emulator through gemm_emulated.cpp.
#pragma once

#ifdef __CUDACC__
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_pipeline.h>
#include <cuda_runtime.h>
#include <mma.h>
#else
#include "emu/cuda_emulator.hpp"
#endif

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace ch09::kernels {
namespace {  // compiled twice (nvcc, emulator): internal linkage keeps the two apart

/// Element (i, j) of a column-major matrix with leading dimension ld (its number of rows):
/// the course's layout (samples are columns), and cuBLAS's.
__host__ __device__ __forceinline__ std::size_t at(int i, int j, int ld) {
    return static_cast<std::size_t>(i) + static_cast<std::size_t>(j) * static_cast<std::size_t>(ld);
}

/// The epilogue of every fp32 rung: c ← α·acc + β·c, where β = 0 ignores c and does not even
/// read it (as BLAS does: a C that holds NaN, like the poisoned outputs of the validation, is
/// simply overwritten).
__host__ __device__ __forceinline__ void update(float& c, float acc, float alpha, float beta) {
    c = beta == 0.0f ? alpha * acc : alpha * acc + beta * c;
}

}  // namespace
}  // namespace ch09::kernels
