/// @file warm_up.cu
/// @brief The GPU's one-time costs, paid before anything is timed (dl::warm_up in device.hpp).
///
/// The first GPU call of a process creates the CUDA context; the first product loads cuBLAS
/// (cublas_handle.cu opens it on first use), creates its handle and loads the GEMM kernels it
/// picks, one set per transpose case. Together that is of the order of a second, which would
/// otherwise land in the first timed epoch of a training loop. The course's own kernels are
/// loaded lazily too (CUDA's default module loading), but each costs microseconds, not worth
/// a launch here.
#include "../core/device.hpp"
#include "check.cuh"
#include "scratch.cuh"

namespace dl::cuda {

void keep_scratch_pool() {
    static const bool done = [] {
        int dev = 0;
        DL_CUDA_CHECK(cudaGetDevice(&dev));
        cudaMemPool_t pool = nullptr;
        DL_CUDA_CHECK(cudaDeviceGetDefaultMemPool(&pool, dev));
        uint64_t keep = UINT64_MAX;  // never shrink the pool at a synchronization
        DL_CUDA_CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep));
        return true;
    }();
    (void)done;
}

void warm_up() {
    DL_CUDA_CHECK(cudaFree(nullptr));  // creates the context
    keep_scratch_pool();
    constexpr int n = 64;
    float *A = nullptr, *C = nullptr;
    DL_CUDA_CHECK(cudaMalloc(&A, sizeof(float) * n * n));
    DL_CUDA_CHECK(cudaMalloc(&C, sizeof(float) * n * n));
    DL_CUDA_CHECK(cudaMemset(A, 0, sizeof(float) * n * n));
    const float one = 1.0f, zero = 0.0f;
    for (cublasOperation_t ta : {CUBLAS_OP_N, CUBLAS_OP_T})
        for (cublasOperation_t tb : {CUBLAS_OP_N, CUBLAS_OP_T})
            DL_CUBLAS_CHECK(sgemm(ta, tb, n, n, n, &one, A, n, A, n, &zero, C, n));
    DL_CUDA_CHECK(cudaDeviceSynchronize());
    cudaFree(A);
    cudaFree(C);
}

}  // namespace dl::cuda
