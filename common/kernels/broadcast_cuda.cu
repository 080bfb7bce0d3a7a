/// @file broadcast_cuda.cu
/// @brief CUDA twin of dl::broadcast_binary (contract in broadcast.hpp): one thread per
/// element of C, reading index 0 of every size-1 dimension of A and B.
#include "../cuda/check.cuh"
#include "broadcast.hpp"

namespace dl::cuda {

namespace {
__global__ void broadcast_kernel(BinaryOp op, const float* a, int64_t ar, int64_t ac,
                                 const float* b, int64_t br, int64_t bc, float* c, int64_t n,
                                 int64_t m) {
    for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < n * m;
         k += int64_t(gridDim.x) * blockDim.x) {
        const int64_t i = k % n, j = k / n;
        const float x = a[(ac == 1 ? 0 : j) * ar + (ar == 1 ? 0 : i)];
        const float y = b[(bc == 1 ? 0 : j) * br + (br == 1 ? 0 : i)];
        c[k] = math::binary_apply(op, x, y);
    }
}
}  // namespace

void broadcast_binary(BinaryOp op, const Tensor& A, const Tensor& B, Tensor& C) {
    if (C.empty()) return;
    broadcast_kernel<<<blocks_for(C.numel()), kThreads>>>(
        op, A.data<float>(), A.rows(), A.cols(), B.data<float>(), B.rows(), B.cols(),
        C.data<float>(), C.rows(), C.cols());
    DL_CUDA_CHECK_LAUNCH("broadcast_binary");
}

}  // namespace dl::cuda
