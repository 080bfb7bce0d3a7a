/// @file check.cuh
/// @brief Error checks for CUDA and cuBLAS calls, and the launch-size helper.
///
/// Every CUDA runtime call and every kernel launch is checked: a launch error (bad
/// configuration, no kernel image for this GPU) is reported where it happens, as a dl::Error
/// naming the kernel, instead of surfacing later as a wrong number.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstdint>

#include "../core/error.hpp"

#define DL_CUDA_CHECK(call)                                                                 \
    do {                                                                                    \
        cudaError_t dl_err_ = (call);                                                       \
        if (dl_err_ != cudaSuccess)                                                         \
            ::dl::fail(#call, " failed: ", cudaGetErrorString(dl_err_), " (", __FILE__, ":", \
                       __LINE__, ")");                                                      \
    } while (0)

/// After a <<<...>>> launch: reports a launch failure without waiting for the kernel.
#define DL_CUDA_CHECK_LAUNCH(name)                                                         \
    do {                                                                                   \
        cudaError_t dl_err_ = cudaGetLastError();                                          \
        if (dl_err_ != cudaSuccess)                                                        \
            ::dl::fail("CUDA kernel ", name, " failed to launch: ", cudaGetErrorString(dl_err_)); \
    } while (0)

#define DL_CUBLAS_CHECK(call)                                                        \
    do {                                                                             \
        cublasStatus_t dl_st_ = (call);                                              \
        if (dl_st_ != CUBLAS_STATUS_SUCCESS)                                         \
            ::dl::fail(#call, " failed: cuBLAS status ", static_cast<int>(dl_st_), " (", \
                       __FILE__, ":", __LINE__, ")");                                \
    } while (0)

namespace dl::cuda {

/// The process's cuBLAS handle, created on first use (cuBLAS itself is loaded then too; see
/// cublas_handle.cu).
cublasHandle_t cublas_handle();

/// cublasSgemm on the process's handle, through the library loaded on first use.
cublasStatus_t sgemm(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                     const float* alpha, const float* A, int lda, const float* B, int ldb,
                     const float* beta, float* C, int ldc);

/// cublasGemmEx on the process's handle with fp32 compute (CUBLAS_COMPUTE_32F): C = α·op(A)·op(B)
/// + β·C with A, B and C of the given types (CUDA_R_16F, CUDA_R_16BF, CUDA_R_32F). Half-precision
/// inputs run on the tensor cores with every product and sum in fp32 — the GEMM of mixed
/// precision (chapter 9). α and β are floats, as CUBLAS_COMPUTE_32F requires.
cublasStatus_t gemm_ex(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k,
                       const float* alpha, const void* A, cudaDataType a_type, int lda,
                       const void* B, cudaDataType b_type, int ldb, const float* beta, void* C,
                       cudaDataType c_type, int ldc);

/// Threads per block for one-element-per-thread kernels.
constexpr int kThreads = 256;

/// Blocks needed to cover n elements with `threads` per block (at least 1).
inline unsigned blocks_for(int64_t n, int threads = kThreads) {
    int64_t b = (n + threads - 1) / threads;
    if (b < 1) b = 1;
    if (b > 65535LL * 32) b = 65535LL * 32;  // grid-stride loops cover the rest
    return static_cast<unsigned>(b);
}

}  // namespace dl::cuda
