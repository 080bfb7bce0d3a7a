/// @file matmul_tiled.cu
/// @brief Exercise ch09.matmul_tiled (CUDA): C = A·B with 16 x 16 tiles in shared memory.
///
/// Read the declaration's comment in exercises/include/exercises/ch09.hpp first. This
/// exercise is graded on a GPU: `./course grade ch09.matmul_tiled` there (without a GPU it is
/// reported as skipped). Stuck? `./course hint ch09.matmul_tiled` prints the steps.
#include "cuda/check.cuh"
#include "exercises/ch09.hpp"

namespace dl::exercises {

// TODO(student): begin
//  Your kernel: __shared__ float As[16][16 + 1], Bs[16][16 + 1]; a loop over k0 = 0, 16, …
//  with two __syncthreads() per step.
// TODO(student): end

void matmul_tiled(const Tensor& A, const Tensor& B, Tensor& C) {
    // TODO(student): begin
    (void)A, (void)B, (void)C;
    throw NotImplemented("ch09.matmul_tiled");
    // TODO(student): end
}

}  // namespace dl::exercises
