/// @file matmul_naive.cu
/// @brief Exercise ch09.matmul_naive (CUDA): C = A·B with one GPU thread per element of C.
///
/// Read the declaration's comment in exercises/include/exercises/ch09.hpp first. This
/// exercise is graded on a GPU: `./course grade ch09.matmul_naive` there (without a GPU it is
/// reported as skipped). Stuck? `./course hint ch09.matmul_naive` prints the steps. Rung 2 of the chapter's ladder
/// (chapters/ch09_cuda/kernels/gemm_02_coalesced.cuh) is a good model — write your own.
#include "cuda/check.cuh"
#include "exercises/ch09.hpp"

namespace dl::exercises {

// TODO(student): begin
//  Your kernel, e.g.
//  __global__ void matmul_naive_kernel(int M, int N, int K, const float* A, const float* B,
//                                      float* C) { … C[i + j * M] = … }
// TODO(student): end

void matmul_naive(const Tensor& A, const Tensor& B, Tensor& C) {
    // TODO(student): begin
    //  dim3 block(16, 16), grid((M + 15) / 16, (N + 15) / 16);
    //  matmul_naive_kernel<<<grid, block>>>(…);  DL_CUDA_CHECK_LAUNCH("matmul_naive");
    (void)A, (void)B, (void)C;
    throw NotImplemented("ch09.matmul_naive");
    // TODO(student): end
}

}  // namespace dl::exercises
